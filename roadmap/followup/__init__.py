"""After publication: actions, commitments, experiments, indicators, followed in the open (/suivi)."""


def register(app):
    """Blueprints, document parts, template helpers."""
    from flask_login import current_user

    from roadmap.followup import labels, permissions, queries
    from roadmap.followup.api import bp as api_bp
    from roadmap.followup.parts import register_followup_parts
    from roadmap.followup.routes import bp

    import roadmap.followup.addendum_routes  # noqa: F401  (its views join the blueprint)

    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    register_followup_parts(app)
    app.extensions.setdefault("territory_partials", []).append("followup/_territory_section.html")
    from roadmap.followup.personal_data import PROVIDERS
    from roadmap.privacy.registry import register_personal_data

    for provider in PROVIDERS:
        register_personal_data(app, provider)

    def use_case_experiments(use_case_id):
        """The experiments started from a use case that the reader may see (its page shows them)."""
        return queries.reuses_of_use_case(use_case_id, current_user)

    app.jinja_env.globals.update(
        commitment_roles=labels.ROLE_LABELS, experiment_statuses=labels.STATUS_LABELS,
        principle_labels=labels.PRINCIPLE_LABELS, use_case_experiments=use_case_experiments,
        can_reuse_use_case=lambda: bool(permissions.reuse_territory_ids(current_user)),
    )
