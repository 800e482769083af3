"""Search over everything a person may see: one index table kept in the writes' transaction,
the database's own full-text search (SQLite FTS5, PostgreSQL tsvector), the features' own
permission rules applied in SQL. Also what the header shows for the person: the search box,
their territory or organisation, the consultation running now."""


def register(app):
    """The index's session hooks, the blueprint, the header's helpers, `flask search-reindex`."""
    import click
    from flask.cli import with_appcontext

    import roadmap.search.indexing  # noqa: F401  (its session hooks keep the index up to date)
    from roadmap.search.header import my_places
    from roadmap.search.routes import bp

    app.register_blueprint(bp)
    app.jinja_env.globals["my_places"] = my_places

    @click.command("search-reindex")
    @with_appcontext
    def search_reindex():
        """Rebuild the search index from the data (after a restore, or rows written outside the app)."""
        from roadmap.extensions import db
        from roadmap.search.indexing import rebuild_index

        rebuild_index(db.session.connection())
        db.session.commit()
        click.echo("Search index rebuilt.")

    app.cli.add_command(search_reindex)
