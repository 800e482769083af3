from flask import Blueprint, jsonify
from sqlalchemy import text

from roadmap.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # any failure of the database means "not ready"
        try:
            db.session.rollback()
        except Exception:
            pass
        return jsonify({"status": "error", "database": "error"}), 503
    return jsonify({"status": "ok", "database": "ok"})


@bp.get("/ping")
def ping():
    """The benchmark's baseline: the cheapest request this server answers (no database)."""
    return "pong", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
