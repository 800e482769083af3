from flask import Blueprint, render_template

from roadmap.core.page_cache import cached_page
from roadmap.glossary.entries import GROUPS

bp = Blueprint("glossary", __name__)


@bp.get("/glossaire")
@cached_page
def glossary():
    return render_template("glossary/glossary.html", groups=GROUPS)
