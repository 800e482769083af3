"""The personal home page ("what is waiting for you") and the next step shown to each person on
their territory's page and right after they accept an invitation."""


def register(app):
    from flask_login import current_user

    from roadmap.home import guide, queries

    app.extensions["personal_home"] = queries.waiting_for
    # First on a territory's page: what its people are expected to do now.
    app.extensions.setdefault("territory_partials", []).insert(0, "home/_next_step.html")

    def territory_next_step(territory):
        """(sentence, endpoint, values, expectations) for the reader of this territory's page, or None."""
        from roadmap.process import service as process_service

        role = guide.role_on_territory(current_user, territory.id)
        if role is None:
            return None
        step = process_service.current_step(process_service.get_process())
        if step is None:
            return None
        endpoint, values = guide.next_step_endpoint(step, role, territory.slug)
        return guide.next_step_text(step, role, territory.name), endpoint, values, step.expectations

    from roadmap.invitations.service import can_invite_for

    app.jinja_env.globals.update(territory_next_step=territory_next_step,
                                 can_invite_for=lambda territory: can_invite_for(current_user, territory))
