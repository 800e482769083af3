"""The commands cron runs: `send-digests` (daily) and `send-reminders` (daily, or hourly)."""
import click
from flask.cli import with_appcontext


@click.command("send-digests")
@with_appcontext
def send_digests_command():
    """E-mail each person the daily digest of what they chose to receive that way (never twice)."""
    from roadmap.notifications.emails import send_digests

    click.echo(f"{len(send_digests())} digest(s) queued.")


@click.command("send-reminders")
@with_appcontext
def send_reminders_command():
    """Workshop reminders the day before; "the consultation closes in 3 days" (each sent once)."""
    from roadmap.notifications.reminders import send_reminders

    told = send_reminders()
    click.echo(f"{told['workshop_reminder']} workshop reminder(s), "
               f"{told['consultation_closing']} consultation reminder(s).")


def register_notification_commands(app):
    app.cli.add_command(send_digests_command)
    app.cli.add_command(send_reminders_command)
