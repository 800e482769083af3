"""What users read for the roadmap's states, stances and statuses."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from roadmap.drafts.models import CommentStatus, Stance, VersionState

STATE_LABELS = {
    VersionState.DRAFT: _l("Draft"),
    VersionState.CONSULTATION: _l("In consultation"),
    VersionState.PUBLISHED: _l("Published"),
}

STANCE_LABELS = {
    Stance.SUPPORTS: _l("Supports the text"),
    Stance.NEUTRAL: _l("Neutral"),
    Stance.OBJECTS: _l("Objects to the text"),
}

STATUS_LABELS = {
    CommentStatus.OPEN: lazy_pgettext("comment status", "Open"),
    CommentStatus.ACCEPTED: lazy_pgettext("comment status", "Accepted"),
    CommentStatus.PARTLY_ACCEPTED: lazy_pgettext("comment status", "Partly accepted"),
    CommentStatus.DECLINED: lazy_pgettext("comment status", "Declined"),
    CommentStatus.ANSWERED: lazy_pgettext("comment status", "Answered"),
}


class ParagraphLabels:
    """The version page's labels of each paragraph, translated once per render rather than once
    per paragraph: a long version has two hundred paragraphs, and a translation called inside a
    template loop also copies the whole template context each time (Jinja's pass_context)."""

    NUMBER = 987654321
    TITLE = "\x00title\x00"

    def __init__(self):
        from flask_babel import gettext

        self._comment = gettext("paragraph %(n)d of “%(title)s”", n=self.NUMBER, title=self.TITLE)
        self._group = gettext("Comments on paragraph %(n)d", n=self.NUMBER)
        self._counts = {}

    def comment_this(self, n, title):
        """What "Comment this paragraph" says to a screen reader: which paragraph of which section."""
        return self._comment.replace(str(self.NUMBER), str(n)).replace(self.TITLE, title)

    def thread(self, n):
        return self._group.replace(str(self.NUMBER), str(n))

    def count(self, total):
        if total not in self._counts:
            from flask_babel import ngettext

            self._counts[total] = ngettext("%(num)d comment on this paragraph", "%(num)d comments on this paragraph",
                                           total)
        return self._counts[total]
