from datetime import datetime, timezone


def utcnow():
    """Naive UTC: what the database columns hold, on SQLite and PostgreSQL alike."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso_utc(moment):
    """A stored (naive UTC) moment as RFC 3339 with its time zone, e.g. 2026-12-01T14:00:00Z: what
    a JSON `date-time` must be."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None
