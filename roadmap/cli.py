"""Commands: `flask --app wsgi seed-demo | create-user | init-db`."""
import click
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from roadmap.extensions import db


def register_commands(app):
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user_command)
    app.cli.add_command(init_db)
    app.cli.add_command(purge_command)
    app.cli.add_command(seed_large_command)
    app.cli.add_command(jobs_command)


@click.command("jobs")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--once", is_flag=True, help="Run what is waiting and due, then stop (from cron).")
@with_appcontext
def jobs_command(workers, once):
    """The job queue's consumer (e-mails, exports): run it as its own process in production."""
    from flask import current_app

    from roadmap.core.queue import run_pending

    app = current_app._get_current_object()
    huey = app.extensions["huey"]
    if huey.immediate:
        raise click.ClickException("DEFERRED_WORK_INLINE is set: jobs run inline, there is no queue to consume.")
    if once:
        click.echo(f"{run_pending(app)} job(s) run.")
        return
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=False).run()


@click.command("seed-large")
@click.option("--territories", default=100, show_default=True, type=click.IntRange(1, 2000))
@with_appcontext
def seed_large_command(territories):
    """Generate the large, deterministic data set used by the benchmarks (on an empty database)."""
    from roadmap.large import seed_large

    summary = seed_large(territories)
    db.session.commit()
    # Planner statistics for the new rows now, as after a restore, not whenever autovacuum gets to it.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    click.echo("Large data set ready: " + ", ".join(f"{n} {what}" for what, n in summary.items()))


@click.command("purge")
@with_appcontext
def purge_command():
    """Apply the retention rules (safe to run from cron: it only deletes what has expired)."""
    from roadmap.privacy.service import purge

    counts = purge()
    db.session.commit()
    click.echo("Purged: " + ", ".join(f"{n} {what}" for what, n in counts.items()))


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Load the French demo data set (idempotent: run it again, nothing is doubled)."""
    from roadmap.core.deferred import no_background_work
    from roadmap.demo import seed

    with no_background_work():  # the demo's notifications stay in the app: no e-mail to made-up people
        summary = seed()
    db.session.commit()
    click.echo("Demo data ready: " + ", ".join(f"{n} {what}" for what, n in summary.items()))


@click.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--editor/--no-editor", default=True, help="Give the editor role (default: yes).")
@click.option("--admin/--no-admin", default=False)
@with_appcontext
def create_user_command(email, name, password, editor, admin):
    """Create an account, such as the first editor of a real installation."""
    from roadmap.accounts.service import create_user
    from roadmap.core.errors import DomainError
    from roadmap.core.forms import PASSWORD_MAX, PASSWORD_MIN

    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise click.BadParameter(f"between {PASSWORD_MIN} and {PASSWORD_MAX} characters", param_hint="--password")
    if "@" not in email:
        raise click.BadParameter("not an e-mail address", param_hint="--email")
    try:
        user = create_user(email, name, password, editor=editor, admin=admin)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Created {user.email}" + (" (editor)" if editor else ""))


@click.command("init-db")
@click.option("--demo/--no-demo", default=True, help="Load the demo when the database is empty.")
@with_appcontext
def init_db(demo):
    """Apply the migrations, then load the demo if the database holds no user yet."""
    from roadmap.accounts.models import User

    upgrade()
    from roadmap.process.service import ensure_process

    ensure_process()  # before any page is asked for: a GET never writes
    db.session.commit()
    if demo and not db.session.scalar(select(func.count(User.id))):
        from roadmap.core.deferred import no_background_work
        from roadmap.demo import seed

        with no_background_work():  # as in seed-demo
            seed()
        db.session.commit()
        click.echo("Empty database: demo data loaded.")
    else:
        click.echo("Database up to date.")
