"""Translations of short content (SWOT items, live-room cards, comments) into another language of
LANGUAGES, made by a participant on request, or suggested by a machine and accepted by one."""


def register(app):
    from roadmap.content_translations.routes import bp

    app.register_blueprint(bp)
    from roadmap.content_translations.display import register_template_globals

    register_template_globals(app)
    from roadmap.content_translations.personal_data import PROVIDERS
    from roadmap.privacy.registry import register_personal_data

    for provider in PROVIDERS:
        register_personal_data(app, provider)
