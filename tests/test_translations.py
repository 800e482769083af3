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
