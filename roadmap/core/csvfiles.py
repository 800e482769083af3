"""CSV files a French spreadsheet opens right: UTF-8 with a byte-order mark, a header row even
for an empty table, codes followed by their label, and no cell a spreadsheet would run."""
import csv
import io

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class CsvTable:
    """One CSV file: its columns (a header row even when it has no row), its rows, and for the
    columns that hold a code the label a reader understands, written in a `<column>_label` column
    next to it (in the export's language)."""

    def __init__(self, columns, rows=(), labels=None):
        self.columns, self.rows, self.labels = list(columns), list(rows), labels or {}

    def header(self):
        header = []
        for column in self.columns:
            header.append(column)
            if column in self.labels:
                header.append(f"{column}_label")
        return header

    def cells(self, row):
        cells = []
        for column in self.columns:
            value = row.get(column, "")
            cells.append("" if value is None else value)
            if column in self.labels:
                label = self.labels[column].get(str(value) if value is not None else "")
                cells.append(str(label) if label is not None else "")
        return cells


def labels_by_value(labels):
    """An enum → label table keyed by the codes written in the files."""
    return {str(getattr(key, "value", key)): value for key, value in labels.items()}


def _cell(value):
    # A spreadsheet runs cells that start like a formula: keep them text (numbers too: "-1").
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_delimiter(args):
    """`?sep=semicolon`: the variant a spreadsheet set to French splits into columns at once."""
    return ";" if args.get("sep") == "semicolon" else ","


def csv_chunks(table, rows=None, delimiter=",", chunk_size=64_000):
    """The file in pieces of about chunk_size characters, for a download streamed from a cursor:
    UTF-8 with a byte-order mark, so that a French spreadsheet reads the accents right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(table.header())
    for row in table.rows if rows is None else rows:
        writer.writerow([_cell(value) for value in table.cells(row)])
        if buffer.tell() > chunk_size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_text(table, delimiter=","):
    return "".join(csv_chunks(table, delimiter=delimiter))
