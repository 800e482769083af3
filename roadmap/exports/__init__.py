"""The consolidated PDF, the open-data exports and the paper canvases.

A document is an ordered list of **document parts**. Every feature that puts something into
the export registers one part object in `create_app`, and the PDF, the JSON, the CSV and the
fingerprint are all built from these parts (see `parts.py`; `swot_parts.py` is the real one
sketched here)::

    from roadmap.exports.parts import DocumentPart, register_document_part

    class SwotSynthesisPart(DocumentPart):
        id = "swot-synthesis"           # unique, also the key of its data in the JSON export
        order = 200                     # cover 0, contents 10, roadmap 100, SWOT 200,
                                        # use cases 300, workshops 350, consultation 400,
                                        # territory annexes 900
        title = _l("SWOT synthesis")    # the part's h1: TOC entry, bookmark, running header
        template = "exports/print/swot_synthesis.html"   # sees `part`, `ctx` and template_values()

        def template_values(self, ctx):          # what the print template needs
            return {"matrix": synthesis_matrix()}

        def data(self, ctx):                     # JSON-serialisable, visitor-visible only
            return {"matrix": ...}

        def csv_tables(self, ctx):               # optional: {"swot_items": [dict, ...]}
            return {"swot_items": [...]}

        def fingerprint_parts(self, ctx):        # cheap: counts, max(updated_at); no rendering
            return [count, max_updated_at]

    register_document_part(app, SwotSynthesisPart())

A part that has sub-headings (one per territory, one per use case) overrides
`headings(ctx)`; every heading's anchor must be an `id` in its HTML. A section inside each
territory's annex (its SWOT grid) is an *annex section*: `register_territory_annex_section`.
Background jobs start in one place only: `jobs.py`.
"""
