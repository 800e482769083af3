"""What other features may hear from the roadmap without the roadmap knowing them (the exports
sit above the drafts: they import it, never the other way round)."""
from blinker import Namespace

_signals = Namespace()

# Sent after the commit that published a version: sender is the app, with version_number and user.
version_published = _signals.signal("version-published")

# Sent inside the transaction (the receivers flush, the request commits), sender is the app:
# a new version copied the sections of `previous` (None for the first one), keys kept.
version_created = _signals.signal("version-created")
# A section's text was saved (its revision moved on): with section and user.
section_changed = _signals.signal("section-changed")
# A version is being published (before the commit): with version, user and the confirmation form.
version_publishing = _signals.signal("version-publishing")
