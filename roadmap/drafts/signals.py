"""What other features may hear from the roadmap without the roadmap knowing them (the exports
sit above the drafts: they import it, never the other way round)."""
from blinker import Namespace

_signals = Namespace()

# Sent after the commit that published a version: sender is the app, with version_number and user.
version_published = _signals.signal("version-published")
