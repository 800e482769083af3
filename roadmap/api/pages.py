"""A list of the API, a page at a time: the items under their key, the page, the number of pages,
the total and the link to the next page (which keeps the filters named in `kept_args`)."""
from flask import jsonify, request, url_for

from roadmap.extensions import db

PAGE_SIZE = 100


def json_page(key, query, to_json, kept_args=()):
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    kept = {name: value for name, value in request.args.items() if name in kept_args}
    next_page = url_for(request.endpoint, page=page.next_num, **kept) if page.has_next else None
    return jsonify({key: to_json(page.items), "page": page.page, "pages": page.pages, "total": page.total,
                    "next": next_page})
