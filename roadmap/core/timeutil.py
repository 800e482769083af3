from datetime import datetime, timezone


def utcnow():
    """Naive UTC: what the database columns hold, on SQLite and PostgreSQL alike."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
