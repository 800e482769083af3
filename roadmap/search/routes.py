"""/search: one page of results for what the person may see; links that find a thread's page."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from roadmap.core.params import query_page
from roadmap.drafts.models import Comment, can_view_version
from roadmap.drafts.queries import thread_location
from roadmap.extensions import db
from roadmap.search import results, service
from roadmap.search.query import MAX_LENGTH, parse_query
from roadmap.territories.models import Organisation

bp = Blueprint("search", __name__)
ORGANISATIONS_PER_PAGE = 50  # the partners' list (territories.routes.PAGE_SIZE)


@bp.get("/search")
def search():
    query = parse_query(request.args.get("q", ""))
    chosen = request.args.get("kind", "")
    chosen = chosen if chosen in service.FILTER_KINDS else ""
    page = query_page()
    found = service.search(current_user, query, chosen or None, page=page)
    return render_template(
        "search/results.html", query=query, chosen=chosen, found=found, filters=service.FILTERS,
        hits=results.hits(found.entries, query.terms), max_length=MAX_LENGTH,
        typed=request.args.get("q", "")[:MAX_LENGTH],
    )


@bp.get("/search/comments/<int:comment_id>")
def open_comment(comment_id):
    """A comment's thread, on the version page or on its section's page (found on click only)."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.hidden or not can_view_version(current_user, comment.version):
        abort(404)
    on_version_page, page = thread_location(comment)
    if on_version_page:
        return redirect(url_for("drafts.version", number=comment.version.number, _anchor=f"comment-{comment.id}"))
    return redirect(url_for("drafts.section_comments", section_id=comment.section_id, page=page,
                            _anchor=f"comment-{comment.id}"))


@bp.get("/search/organisations/<int:organisation_id>")
def open_organisation(organisation_id):
    """An organisation's place in the partners' list (the list is its public page)."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    before = db.session.scalar(select(func.count(Organisation.id)).where(Organisation.name < organisation.name))
    return redirect(url_for("territories.organisation_list", page=before // ORGANISATIONS_PER_PAGE + 1,
                            _anchor=f"organisation-{organisation.id}"))
