"""The glossary of the programme's words, one page with an anchor per word (/glossaire)."""


def register(app):
    from roadmap.glossary.routes import bp

    app.register_blueprint(bp)

    def glossary_url(anchor=None):
        from flask import url_for

        return url_for("glossary.glossary", _anchor=anchor)

    app.jinja_env.globals["glossary_url"] = glossary_url
