"""Compare two versions of the roadmap, section by section, then block by block, then word by word.

Sections are matched by their key (kept when a version is copied): a key only in the new version
is an added section, only in the old one a removed section; among common sections, those outside
the longest common subsequence of the two orders have moved. Inside a changed section the blocks
(paragraphs, lists...) are aligned with difflib and a replaced paragraph shows its changed words.
Every mark is <ins>/<del> with a visually hidden word for screen readers.
"""
import difflib
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup, escape

from roadmap.core.markdown import cached_blocks, render_markdown_blocks

ADDED, REMOVED, MOVED, CHANGED, SAME = "added", "removed", "moved", "changed", "same"
WORD_RE = re.compile(r"\s+|[^\s]+")


@dataclass
class SectionDiff:
    kind: str  # added, removed, changed or same
    moved: bool = False
    old: object = None
    new: object = None
    title_html: Markup = Markup("")
    blocks: list = field(default_factory=list)  # [(kind, Markup)]

    @property
    def title(self):
        return (self.new or self.old).title


def _mark(tag, text):
    label = _("inserted:") if tag == "ins" else _("deleted:")
    hidden = Markup('<span class="visually-hidden">{} </span>').format(label)
    end = Markup('<span class="visually-hidden"> {}</span>').format(_("end of change"))
    return Markup("<{0}>{1}{2}{3}</{0}>").format(Markup(tag), hidden, text, end)


def diff_words(old, new):
    """Two plain texts → safe HTML of the new text with deleted and inserted words marked."""
    old_tokens, new_tokens = WORD_RE.findall(old), WORD_RE.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    runs = []  # [equal?, old text, new text]; changes split by a mere space are joined
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        deleted, inserted = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if op == "equal":
            runs.append([True, deleted, inserted])
        elif len(runs) >= 2 and not runs[-2][0] and runs[-1][0] and not runs[-1][2].strip():
            space = runs.pop()[2]
            runs[-1][1] += space + deleted
            runs[-1][2] += space + inserted
        elif runs and not runs[-1][0]:
            runs[-1][1] += deleted
            runs[-1][2] += inserted
        else:
            runs.append([False, deleted, inserted])
    out = []
    for equal, deleted, inserted in runs:
        if equal:
            out.append(escape(inserted))
            continue
        if deleted:
            out.append(_mark("del", escape(deleted)))
        if inserted:
            out.append(_mark("ins", escape(inserted)))
    return Markup("").join(out)


def _similar(old, new):
    """Reworded rather than rewritten: enough words in common to show word changes."""
    return difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio() >= 0.4


def diff_blocks(old_body, new_body):
    """[(kind, html)] for the blocks of two Markdown texts: same, added, removed or changed."""
    return _diff_block_lists(render_markdown_blocks(old_body), render_markdown_blocks(new_body))


def _stored_blocks(section):
    """A section's blocks from its HTML stored at save time (nothing is rendered on a page view)."""
    if section is None:
        return []
    html = getattr(section, "body_html", None)
    return list(cached_blocks(html)) if html is not None else render_markdown_blocks(section.body)


def _diff_block_lists(old_blocks, new_blocks):
    matcher = difflib.SequenceMatcher(None, [b.text for b in old_blocks], [b.text for b in new_blocks],
                                      autojunk=False)
    result = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.extend((SAME, b.html) for b in new_blocks[j1:j2])
            continue
        olds, news = old_blocks[i1:i2], new_blocks[j1:j2]
        if op == "replace":
            # Pair the blocks one to one: a reworded paragraph shows its changed words.
            for old, new in zip(olds, news):
                if _similar(old.text, new.text):
                    result.append((CHANGED, diff_words(old.text, new.text)))
                else:
                    result.append((REMOVED, _mark("del", escape(old.text))))
                    result.append((ADDED, _mark("ins", escape(new.text))))
            olds, news = olds[len(news):], news[len(olds):]
        result.extend((REMOVED, _mark("del", escape(b.text))) for b in olds)
        result.extend((ADDED, _mark("ins", escape(b.text))) for b in news)
    return result


def _moved_keys(old_keys, new_keys):
    common = set(old_keys) & set(new_keys)
    old_order = [k for k in old_keys if k in common]
    new_order = [k for k in new_keys if k in common]
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    staying = set()
    for block in matcher.get_matching_blocks():
        staying.update(old_order[block.a:block.a + block.size])
    return common - staying


def compare_versions(old_version, new_version):
    """The list of SectionDiff in the new version's order, removed sections where they were."""
    old_sections = list(old_version.sections)
    new_sections = list(new_version.sections)
    old_by_key = {s.key: s for s in old_sections}
    new_keys = {s.key for s in new_sections}
    moved = _moved_keys([s.key for s in old_sections], [s.key for s in new_sections])
    result = []
    # Removed sections are listed before the new section that followed them in the old version.
    pending_removed = {}
    previous_kept = None
    for section in old_sections:
        if section.key not in new_keys:
            pending_removed.setdefault(previous_kept, []).append(section)
        else:
            previous_kept = section.key

    def flush_removed(after_key):
        for section in pending_removed.pop(after_key, []):
            result.append(SectionDiff(REMOVED, old=section, title_html=_mark("del", escape(section.title)),
                                      blocks=_diff_block_lists(_stored_blocks(section), [])))

    flush_removed(None)
    for section in new_sections:
        old = old_by_key.get(section.key)
        if old is None:
            result.append(SectionDiff(ADDED, new=section, title_html=_mark("ins", escape(section.title)),
                                      blocks=_diff_block_lists([], _stored_blocks(section))))
            continue
        same_text = old.title == section.title and old.body == section.body
        title_html = escape(section.title) if old.title == section.title else diff_words(old.title, section.title)
        result.append(SectionDiff(SAME if same_text else CHANGED, moved=section.key in moved, old=old,
                                  new=section, title_html=title_html,
                                  blocks=[] if same_text else _diff_block_lists(_stored_blocks(old),
                                                                                _stored_blocks(section))))
        flush_removed(section.key)
    for key in list(pending_removed):
        flush_removed(key)
    return result


def summary(diffs):
    counts = {ADDED: 0, REMOVED: 0, MOVED: 0, CHANGED: 0}
    for item in diffs:
        if item.kind in counts:
            counts[item.kind] += 1
        if item.moved:
            counts[MOVED] += 1
    return counts
