"""Every feature ships its own French catalog; Flask-Babel merges them, the last one winning.
A message translated two different ways would change with the merge order: forbid it."""
from collections import defaultdict
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1] / "roadmap"


def _catalogs():
    return sorted(ROOT.glob("**/translations/fr/LC_MESSAGES/messages.po"))


def test_no_message_is_translated_two_ways():
    seen = defaultdict(set)
    for path in _catalogs():
        for message in read_po(path.open("rb")):
            if message.id:
                key = (message.context, message.id if isinstance(message.id, str) else tuple(message.id))
                value = message.string if isinstance(message.string, str) else tuple(message.string)
                seen[key].add((value, path.parent.parent.parent.parent.name))
    clashes = {key: values for key, values in seen.items() if len({v for v, _ in values}) > 1}
    assert not clashes, "\n".join(f"{k}: {sorted(v)}" for k, v in clashes.items())


def test_every_message_is_translated_and_none_is_fuzzy():
    missing = []
    for path in _catalogs():
        for message in read_po(path.open("rb")):
            if message.id and (not message.string or (isinstance(message.string, tuple) and not all(message.string))
                               or message.fuzzy):
                missing.append(f"{path}: {message.id!r}")
    assert not missing, "\n".join(missing)


def test_every_visible_string_has_a_french_translation():
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_pgettext": ((1, "c"), 2),
                "lazy_ngettext": (1, 2)}
    translated = set()
    for path in _catalogs():
        for message in read_po(path.open("rb")):
            if message.id and message.string:
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                translated.add((message.context, msgid))
    missing = set()
    root = ROOT.parent
    for folder, method in ((root / "roadmap", "python"), (root / "templates", "jinja2")):
        for filename, _lineno, message, _comments, context in extract_from_dir(
                str(folder), method_map=[("**.py", "python")] if method == "python" else [("**.html", "jinja2")],
                keywords=keywords):
            msgid = message if isinstance(message, str) else message[0]
            if msgid and (context, msgid) not in translated:
                missing.add(f"{filename}: {context or ''} {msgid!r}")
    assert not missing, "\n".join(sorted(missing))
