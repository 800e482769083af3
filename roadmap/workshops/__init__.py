"""Workshops, use cases, alliances and the live co-design room."""


def register(app):
    """Blueprints, the home page's progress column, the territory page's section, template helpers."""
    from flask_babel import format_date, format_time
    from flask_login import current_user

    from roadmap.process.progress import register_progress_column
    from roadmap.workshops import labels, permissions, queries
    from roadmap.workshops.board_routes import bp as board_bp
    from roadmap.workshops.room_routes import bp as room_bp
    from roadmap.workshops import text_models  # noqa: F401  (the shared text's tables)
    from roadmap.workshops.routes import bp as workshops_bp
    from roadmap.workshops.text_routes import bp as text_bp
    from roadmap.workshops.use_case_routes import bp as use_cases_bp

    from roadmap.core.data_versions import volatile_tables

    volatile_tables(text_models.FieldUpdate.__tablename__, text_models.FieldRevision.__tablename__,
                    text_models.FieldCopy.__tablename__)
    app.register_blueprint(workshops_bp)
    app.register_blueprint(use_cases_bp)
    app.register_blueprint(room_bp)
    app.register_blueprint(text_bp)
    app.register_blueprint(board_bp)
    register_progress_column(app, queries.workshops_column)
    from roadmap.privacy.registry import register_personal_data
    from roadmap.workshops.personal_data import PROVIDERS

    for provider in PROVIDERS:
        register_personal_data(app, provider)
    app.extensions.setdefault("territory_partials", []).append("workshops/_territory_use_cases.html")

    def territory_use_cases(territory_id):
        return queries.territory_use_cases(territory_id, public_only=not current_user.is_authenticated)

    def workshop_when(workshop):
        """'mardi 3 mars 2026, 09:30–12:30' in the reader's language and time zone."""
        return "{}, {}–{}".format(format_date(workshop.starts_at, "full"), format_time(workshop.starts_at, "short"),
                                  format_time(workshop.ends_at, "short"))

    app.jinja_env.filters["workshop_when"] = workshop_when
    app.jinja_env.globals.update(
        workshop_kinds=labels.WORKSHOP_KIND_LABELS, workshop_states=labels.WORKSHOP_STATE_LABELS,
        registration_labels=labels.REGISTRATION_LABELS, theme_labels=labels.THEME_LABELS,
        governance_labels=labels.GOVERNANCE_LABELS, alliance_roles=labels.ALLIANCE_ROLE_LABELS,
        card_kinds=labels.CARD_KIND_LABELS, territory_use_cases=territory_use_cases,
        can_create_use_case=permissions.can_create_use_case,
    )
