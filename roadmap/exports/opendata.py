"""The same content as the PDF, as open data: one JSON document and a zip of CSV files.

JSON schema (schema_version 1.2; a new key is a minor change, a renamed or removed one a
major change). 1.1: each text carries the language it is written in, `"lang": "fr"` next to it
(`minutes_lang` for a workshop's minutes). 1.2: SWOT items, cards and comments also carry
`"source": "human"` and `texts` (`comment_texts`): the original and its translations, each
`{"text", "lang", "source": "human" | "machine"}` (roadmap/content_translations/opendata.py); the
CSV files have a `lang` column and a `text_<lang>`, `source_<lang>` pair per language.

    {"schema_version": "1.0", "title": str, "version": {"number": int, "label": str} | null,
     "generated_on": "YYYY-MM-DD",
     "licence": {"id": "CC-BY-4.0", "name": str, "url": str}, "attribution": str,
     "content": {<part id>: <that part's data(ctx)>, ...}}
"""
import io
import json
import zipfile

from flask_babel import force_locale
from flask_babel import gettext as _

from roadmap.exports.builtin import LICENCE
from roadmap.core.csvfiles import csv_text

SCHEMA_VERSION = "1.2"
SEMICOLON_FOLDER = "point-virgule"


def _attribution(ctx):
    return _("%(title)s, by the editorial team of the Self Data roadmap and the participating territories.",
             title=ctx.title)


def open_data(ctx):
    with force_locale(ctx.locale):
        content = {}
        for part in ctx.parts:
            data = part.data(ctx)
            if data is not None:
                content[part.id] = data
        return {
            "schema_version": SCHEMA_VERSION, "title": ctx.title,
            "version": {"number": ctx.version_number, "label": ctx.version_label} if ctx.version_number else None,
            "generated_on": ctx.generated_on.isoformat(), "licence": LICENCE,
            "attribution": _attribution(ctx), "content": content,
        }


def open_data_json(ctx):
    return json.dumps(open_data(ctx), ensure_ascii=False, indent=2, default=str)


def csv_tables(ctx):
    tables = {}
    for part in ctx.parts:
        for name, table in (part.csv_tables(ctx) or {}).items():
            if name in tables:
                tables[name].rows.extend(table.rows)
            else:
                tables[name] = table
    return tables


def open_data_zip(ctx):
    """A zip of one CSV file per table (comma-separated, and the same with semicolons, which a
    spreadsheet set to French opens in columns at once), with the licence."""
    buffer = io.BytesIO()
    with force_locale(ctx.locale), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in sorted(csv_tables(ctx).items()):
            archive.writestr(f"{name}.csv", csv_text(table).encode())
            archive.writestr(f"{SEMICOLON_FOLDER}/{name}.csv", csv_text(table, delimiter=";").encode())
        archive.writestr("LICENCE.txt", f"{_attribution(ctx)}\n{LICENCE['name']} ({LICENCE['id']})\n"
                                        f"{LICENCE['url']}\n")
    return buffer.getvalue()
