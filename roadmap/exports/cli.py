"""`flask --app wsgi export-pdf [--version N] [--output FILE]` and `export-json --output FILE`."""
from pathlib import Path

import functools

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from roadmap.core.errors import DomainError
from roadmap.extensions import db


def register_export_commands(app):
    app.cli.add_command(export_pdf)
    app.cli.add_command(export_json)


def in_default_locale(command):
    """Outside a request no locale is selected: messages use the installation's language."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return command(*args, **kwargs)
    return wrapper


def _options(version):
    from roadmap.exports.service import options_for

    try:
        return options_for(version)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error


@click.command("export-pdf")
@click.option("--version", "version", type=click.IntRange(min=1), default=None,
              help="Roadmap version number (default: the current content).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the PDF here. Without it: a recorded export in EXPORT_DIR, listed on /exports.")
@with_appcontext
@in_default_locale
def export_pdf(version, output):
    """Build the consolidated PDF (synchronously)."""
    from roadmap.exports import service
    from roadmap.core.bounded import Refused
    from roadmap.exports.render import build_html, make_context, render_pdf_bounded

    options = _options(version)
    if output is not None:
        try:  # the same limits as the exports of the site (EXPORT_TIMEOUT, EXPORT_MEMORY_MB)
            pdf, pages = render_pdf_bounded(build_html(make_context(options)))
        except Refused as refused:
            raise click.ClickException(f"the PDF was not made: {refused}") from refused
        service.write_atomically(output, pdf)
        click.echo(f"{output}: {pages} pages, {len(pdf)} bytes")
        return
    try:
        export, reused = service.request_export(None, options)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    if not reused:
        export = service.build_export(export.id)
    if export.state.value != "done":
        raise click.ClickException(f"export {export.id} failed: {export.error}")
    click.echo(f"{service.export_dir() / export.file_name}: {export.page_count} pages"
               + (" (unchanged, reused)" if reused else ""))


@click.command("export-json")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--version", "version", type=click.IntRange(min=1), default=None)
@with_appcontext
@in_default_locale
def export_json(output, version):
    """Write the open-data JSON (CC BY 4.0)."""
    from roadmap.exports.opendata import open_data_json
    from roadmap.exports.render import make_context
    from roadmap.exports.service import write_atomically

    write_atomically(output, open_data_json(make_context(_options(version))).encode())
    click.echo(f"{output} written")
