"""The server side of the shared text, with pycrdt documents made here as browsers would."""
import pytest
from pycrdt import Doc, Text

from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.extensions import db
from roadmap.workshops import room, shared_text, working_copy
from roadmap.workshops.models import FIELD_MAX
from roadmap.workshops.text_models import FieldCopy, FieldRevision, FieldUpdate
from tests.workshops.helpers import live_room


class Browser:
    """A participant's copy of one field's document, synced from the server."""

    def __init__(self, ctx, user, field="problem"):
        self.ctx, self.user, self.field = ctx, user, field
        self.doc = Doc()
        self.text = self.doc.get(shared_text.ROOT, type=Text)
        self.outbox = []
        self.doc.observe(lambda event: self.outbox.append(event.update))
        self.sync()

    def sync(self):
        [answer] = working_copy.sync_fields(self.ctx["workshop"].id, self.user,
                                            [(self.ctx["use_case"].id, self.field, self.doc.get_state())])
        db.session.commit()
        self.receive(shared_text.unb64(answer["update"]))
        return answer

    def receive(self, update):
        with self.doc.transaction(origin="remote"):
            self.doc.apply_update(update)
        self.outbox.clear()  # what came from the server is not sent back

    def type(self, index, value):
        offset = len(str(self.text)[:index].encode())
        self.text.insert(offset, value)

    def send(self):
        versions = []
        for update in self.outbox:
            versions.append(working_copy.edit_text(self.ctx["workshop"].id, self.user, self.ctx["use_case"].id,
                                                   self.field, update))
            db.session.commit()
        sent, self.outbox = self.outbox, []
        return sent, versions


@pytest.fixture
def ctx(app):
    return live_room()


def copy_of(ctx, field="problem"):
    return db.session.get(FieldCopy, (ctx["workshop"].id, ctx["use_case"].id, field))


def test_first_sync_starts_from_the_use_case_text(ctx):
    ctx["use_case"].problem = "Les trajets"
    db.session.commit()
    alice = Browser(ctx, ctx["a"])
    assert str(alice.text) == "Les trajets"
    assert copy_of(ctx).text == "Les trajets"
    assert copy_of(ctx).version == ctx["use_case"].versions()["problem"]  # the copy goes on from there


def test_concurrent_edits_merge_and_reach_the_working_copy_not_the_use_case(ctx):
    alice, bruno = Browser(ctx, ctx["a"]), Browser(ctx, ctx["b"])
    alice.type(0, "Alice ")
    bruno.type(0, "Bruno")
    sent_a, _ = alice.send()
    sent_b, versions = bruno.send()
    for update in sent_b:
        alice.receive(update)
    for update in sent_a:
        bruno.receive(update)
    assert str(alice.text) == str(bruno.text)
    assert "Alice" in str(alice.text) and "Bruno" in str(alice.text)
    assert copy_of(ctx).text == str(alice.text)
    assert versions == [copy_of(ctx).version] and copy_of(ctx).version == ctx["use_case"].versions()["problem"] + 2
    db.session.refresh(ctx["use_case"])
    assert ctx["use_case"].problem == ""


def test_a_resent_update_changes_nothing(ctx):
    alice = Browser(ctx, ctx["a"])
    alice.type(0, "Bonjour")
    [update], [version] = alice.send()
    again = working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem", update)
    db.session.commit()
    assert again >= version == ctx["use_case"].versions()["problem"] + 1
    assert copy_of(ctx).text == "Bonjour"


def test_malformed_update_is_refused_and_the_document_stays_readable(ctx):
    alice = Browser(ctx, ctx["a"])
    alice.type(0, "Texte")
    alice.send()
    with pytest.raises(shared_text.Malformed):
        working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem", b"\x01\x02garbage")
    db.session.rollback()
    shared_text.forget(ctx["workshop"].id, ctx["use_case"].id, "problem")
    assert str(Browser(ctx, ctx["b"]).text) == "Texte"
    assert shared_text.current_text(ctx["workshop"].id, ctx["use_case"].id, "problem") == "Texte"


def test_update_over_64_kib_is_refused(ctx):
    alice = Browser(ctx, ctx["a"])
    with pytest.raises(shared_text.TooLarge):
        working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem",
                               b"\x00" * (shared_text.MAX_UPDATE_BYTES + 1))
    assert str(alice.text) == ""


def test_update_making_the_text_too_long_is_refused_and_nothing_is_stored(ctx):
    alice = Browser(ctx, ctx["a"])
    before = db.session.query(FieldUpdate).count()
    alice.type(0, "x" * (FIELD_MAX + 1))
    with pytest.raises(Invalid):
        alice.send()
    db.session.rollback()
    assert db.session.query(FieldUpdate).count() == before
    assert shared_text.current_text(ctx["workshop"].id, ctx["use_case"].id, "problem") == ""


def test_title_has_its_own_maximum(ctx):
    alice = Browser(ctx, ctx["a"], field="title")
    alice.type(0, "x" * 200)
    with pytest.raises(Invalid):
        alice.send()


@pytest.mark.parametrize("who, setup, error", [
    ("c", None, NotAllowed),  # invited, not registered
    ("d", None, NotAllowed),  # outsider
    ("a", "lock", Conflict),
    ("a", "close", Conflict),
])
def test_updates_refused_by_the_room_rules(ctx, who, setup, error):
    alice = Browser(ctx, ctx["a"])
    alice.type(0, "Refusé")
    if setup == "lock":
        room.set_canvas_lock(ctx["workshop"].id, ctx["editor"], True)
    elif setup == "close":
        room.close_session(ctx["workshop"].id, ctx["editor"])
    db.session.commit()
    with pytest.raises(error):
        working_copy.edit_text(ctx["workshop"].id, ctx[who], ctx["use_case"].id, "problem", alice.outbox[0])
    db.session.rollback()
    assert copy_of(ctx).text == ""


def test_field_of_a_use_case_not_on_the_agenda_is_refused(ctx):
    from tests.workshops.helpers import make_use_case

    other = make_use_case(ctx["editor"], title="Ailleurs")
    db.session.commit()
    with pytest.raises(NotFound):
        working_copy.edit_text(ctx["workshop"].id, ctx["a"], other.id, "problem", b"\x00\x00")
    with pytest.raises(Invalid):
        working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "theme", b"\x00\x00")


def test_compaction_keeps_the_text_and_shrinks_the_rows(ctx, app):
    app.config["SHARED_TEXT_COMPACT_AFTER"] = 10
    alice = Browser(ctx, ctx["a"])
    for i in range(25):
        alice.type(i, "a")
        alice.send()
    rows = db.session.query(FieldUpdate).filter_by(field="problem").count()
    assert rows <= 11
    assert db.session.query(FieldUpdate).filter_by(field="problem", is_snapshot=True).count() >= 1
    shared_text._cache().clear()  # another worker, or after a restart: everything from the table
    assert shared_text.current_text(ctx["workshop"].id, ctx["use_case"].id, "problem") == "a" * 25
    late = Browser(ctx, ctx["b"])
    assert str(late.text) == "a" * 25


def test_a_stale_browser_still_merges_after_compaction(ctx, app):
    app.config["SHARED_TEXT_COMPACT_AFTER"] = 5
    alice, bruno = Browser(ctx, ctx["a"]), Browser(ctx, ctx["b"])
    bruno.type(0, "B")  # typed offline, before the compaction
    for i in range(12):
        alice.type(i, "a")
        alice.send()
    bruno.send()
    bruno.sync()
    alice.sync()
    assert str(alice.text) == str(bruno.text)
    assert sorted(str(alice.text)) == sorted("a" * 12 + "B")


def test_history_groups_one_persons_typing_and_restore_is_a_live_change(ctx):
    alice, bruno = Browser(ctx, ctx["a"]), Browser(ctx, ctx["b"])
    alice.type(0, "Premier")
    alice.send()
    alice.type(7, " jet")
    alice.send()
    bruno.sync()
    bruno.type(0, "Refait: ")
    bruno.send()
    steps = shared_text.history(ctx["workshop"].id, ctx["use_case"].id, "problem")
    assert [s.text for s in steps] == ["Refait: Premier jet", "Premier jet"]
    first = steps[1]
    with pytest.raises(NotAllowed):
        working_copy.restore(ctx["workshop"].id, ctx["a"], first.id)
    db.session.rollback()
    working_copy.restore(ctx["workshop"].id, ctx["editor"], first.id)
    db.session.commit()
    assert copy_of(ctx).text == "Premier jet"
    alice.sync()
    assert str(alice.text) == "Premier jet"
    latest = shared_text.history(ctx["workshop"].id, ctx["use_case"].id, "problem")[0]
    assert latest.restored_from_id == first.id and latest.user_id == ctx["editor"].id


def test_restore_keeps_what_others_typed_meanwhile_elsewhere(ctx):
    alice = Browser(ctx, ctx["a"])
    alice.type(0, "Un deux")
    alice.send()
    first = shared_text.history(ctx["workshop"].id, ctx["use_case"].id, "problem")[0]
    db.session.query(FieldRevision).update({"updated_at": first.updated_at.replace(year=2000)})
    db.session.commit()
    alice.type(7, " trois")
    alice.send()
    working_copy.restore(ctx["workshop"].id, ctx["editor"], first.id)
    db.session.commit()
    assert copy_of(ctx).text == "Un deux"


def test_no_script_form_saves_to_the_working_copy_with_its_version_check(ctx):
    from roadmap.workshops.service import FieldConflict

    seen = ctx["use_case"].versions()["problem"]
    version = room.edit_field(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem", "Sans script", seen)
    db.session.commit()
    assert version == seen + 1 and copy_of(ctx).text == "Sans script"
    with pytest.raises(FieldConflict):
        room.edit_field(ctx["workshop"].id, ctx["b"], ctx["use_case"].id, "problem", "Autre", seen)
    db.session.rollback()
    alice = Browser(ctx, ctx["a"])
    assert str(alice.text) == "Sans script"


def test_unicode_edits_from_the_server_keep_the_text(ctx):
    alice = Browser(ctx, ctx["a"])
    alice.type(0, "été 😀 ok")
    alice.send()
    room.edit_field(ctx["workshop"].id, ctx["b"], ctx["use_case"].id, "problem", "été 😀 très ok",
                    copy_of(ctx).version)
    db.session.commit()
    alice.sync()
    assert str(alice.text) == "été 😀 très ok"


def test_two_workers_stay_in_step_across_compactions(ctx, app):
    """Each worker caches documents; a compaction deletes the newest rows, their ids never return."""
    app.config["SHARED_TEXT_COMPACT_AFTER"] = 4
    alice, bruno = Browser(ctx, ctx["a"]), Browser(ctx, ctx["b"])
    worker_a, worker_b = {}, {}

    def on(worker):
        app.extensions["shared_text_docs"] = worker

    for i in range(15):
        on(worker_a if i % 2 else worker_b)
        (alice if i % 3 else bruno).type(0, str(i % 10))
        (alice if i % 3 else bruno).send()
        alice.sync()
        bruno.sync()
    for worker in (worker_a, worker_b):
        on(worker)
        assert shared_text.current_text(ctx["workshop"].id, ctx["use_case"].id, "problem") == str(alice.text)
    assert len(str(alice.text)) == 15 and str(alice.text) == str(bruno.text)


def test_an_update_whose_predecessor_is_missing_is_kept_until_it_arrives(ctx):
    alice = Browser(ctx, ctx["a"])
    alice.type(0, "A")
    first = alice.outbox.pop()
    alice.type(1, "B")
    second = alice.outbox.pop()
    version = working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem", second)
    db.session.commit()
    assert copy_of(ctx).text == ""  # waiting for "A"
    working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem", first)
    db.session.commit()
    assert copy_of(ctx).text == "AB" and copy_of(ctx).version == version + 1
    shared_text._cache().clear()
    assert shared_text.current_text(ctx["workshop"].id, ctx["use_case"].id, "problem") == "AB"


def test_a_waiting_update_survives_a_compaction(ctx, app):
    app.config["SHARED_TEXT_COMPACT_AFTER"] = 2
    alice, bruno = Browser(ctx, ctx["a"]), Browser(ctx, ctx["b"])
    alice.type(0, "A")
    first = alice.outbox.pop()
    alice.type(1, "B")
    working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem", alice.outbox.pop())
    db.session.commit()
    for i in range(4):  # compactions meanwhile
        bruno.type(0, "b")
        bruno.send()
    shared_text._cache().clear()
    working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem", first)
    db.session.commit()
    assert sorted(copy_of(ctx).text) == sorted("ABbbbb")


def test_an_update_outside_the_fields_text_is_refused(ctx):
    from pycrdt import Map

    Browser(ctx, ctx["a"])
    other = Doc()
    other.get("elsewhere", type=Map)["x"] = "y" * 100
    with pytest.raises(shared_text.Malformed):
        working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem", other.get_update())
    db.session.rollback()
    shared_text.forget(ctx["workshop"].id, ctx["use_case"].id, "problem")
    assert set(Browser(ctx, ctx["b"]).doc.keys()) <= {shared_text.ROOT}


def test_a_refused_update_costs_the_next_keystroke_nothing_but_a_read_of_the_table(ctx):
    """The update is checked on the cached document itself: refused, that document is dropped
    (without the caller having to say so) and the next use reads the stored updates again."""
    alice = Browser(ctx, ctx["a"])
    alice.type(0, "Début")
    alice.send()
    pirate = Doc()
    pirate.apply_update(alice.doc.get_update())
    pirate.get(shared_text.ROOT, type=Text).insert(0, "x" * FIELD_MAX)
    with pytest.raises(Invalid):
        working_copy.edit_text(ctx["workshop"].id, ctx["a"], ctx["use_case"].id, "problem",
                               pirate.get_update(alice.doc.get_state()))
    db.session.rollback()
    alice.type(5, " du texte")
    alice.send()
    assert copy_of(ctx).text == "Début du texte" == str(Browser(ctx, ctx["b"]).text)
    shared_text._cache().clear()
    assert shared_text.current_text(ctx["workshop"].id, ctx["use_case"].id, "problem") == "Début du texte"


def test_a_keystroke_reads_neither_the_stored_updates_nor_the_history(ctx):
    """Per keystroke: lock the field's row (agenda checked in the same statement), store the update,
    write the working copy, grow the history step: the document and the last step are not read again."""
    from tests.conftest import counted_statements

    alice = Browser(ctx, ctx["a"])
    alice.type(0, "A")
    alice.send()
    from roadmap.workshops.models import Workshop

    workshop = db.session.get(Workshop, ctx["workshop"].id)
    alice.type(1, "B")
    [update] = alice.outbox
    user, use_case_id = ctx["a"], ctx["use_case"].id
    user.display_name  # loaded, as the request's current user is
    with counted_statements() as statements:
        working_copy.edit_text(workshop, user, use_case_id, "problem", update, known_participant=True)
        db.session.flush()
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(statements) == 4 and len(reads) == 1, "\n".join(" ".join(s.split())[:150] for s in statements)
    assert "workshop_field_copy" in reads[0] and "workshop_use_case" in reads[0]
    db.session.commit()
    assert copy_of(ctx).text == "AB"
    [step] = shared_text.history(ctx["workshop"].id, ctx["use_case"].id, "problem")
    assert step.text == "AB"
