"""Workshop times are typed in Europe/Paris time and stored as naive UTC."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from roadmap.core.timeutil import iso_utc  # noqa: F401  (the workshops import it from here)

WORKSHOP_TIMEZONE = ZoneInfo("Europe/Paris")


def paris_to_utc(day, clock):
    local = datetime.combine(day, clock).replace(tzinfo=WORKSHOP_TIMEZONE)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def utc_to_paris(moment):
    return moment.replace(tzinfo=timezone.utc).astimezone(WORKSHOP_TIMEZONE)

