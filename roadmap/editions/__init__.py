"""Editions of the roadmap: its sections translated by people into the other languages of
LANGUAGES, kept honest when their source changes, published with their version."""


def register(app):
    from roadmap.drafts.signals import section_changed, version_created, version_publishing
    from roadmap.editions import hooks
    from roadmap.editions.reading import EditionsHook
    from roadmap.editions.routes import bp

    app.register_blueprint(bp)
    from roadmap.editions.personal_data import PROVIDERS
    from roadmap.privacy.registry import register_personal_data

    for provider in PROVIDERS:
        register_personal_data(app, provider)
    app.extensions["roadmap_editions"] = EditionsHook()
    app.extensions.setdefault("publish_confirm_partials", []).append("editions/_publish_editions.html")
    version_created.connect(hooks.copy_translations, app, weak=False)
    section_changed.connect(hooks.tell_translators, app, weak=False)
    version_publishing.connect(hooks.publish_with_version, app, weak=False)

    from roadmap.editions import service

    app.jinja_env.globals["edition_publication_plan"] = service.publication_plan
    app.jinja_env.globals["edition_languages"] = service.edition_languages
    app.jinja_env.globals["can_translate"] = service.can_translate
    app.jinja_env.globals["language_label"] = service.language_label
