"""Publishing: the final version after the consultation of an earlier one, its confirmation page,
and every refusal (nothing changed)."""
from datetime import timedelta

import pytest

from roadmap.core.errors import Conflict
from roadmap.core.timeutil import utcnow
from roadmap.drafts import service
from roadmap.drafts.models import Comment, CommentStatus, RoadmapVersion, VersionState
from roadmap.exports.models import Export, ExportState
from roadmap.extensions import db
from tests.conftest import post
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_editor, make_lead, make_territory


@pytest.fixture
def people(app):
    territory = make_territory(name="La Rochelle")
    return {"editor": make_editor(language="en"), "lead": make_lead(territory, name="Julien Morel", language="en")}


def _consulted_then_draft(people, closes_in=timedelta(days=-1)):
    """v1 published, v2 consulted on (closed by default) with comments, v3 its draft successor."""
    make_version(VersionState.PUBLISHED, sections=[("Intro", "v1")])
    v2 = make_version(VersionState.CONSULTATION, sections=[("Intro", "v2")], closes_in=closes_in)
    section = v2.sections[0]
    make_comment(people["lead"], section, body="Pas encore répondu")
    make_comment(people["lead"], section, body="Répondu", status=CommentStatus.ANSWERED, answer="Merci")
    make_comment(people["lead"], section, body="Réponse", parent=make_comment(people["lead"], section))
    v3 = make_version(VersionState.DRAFT, sections=[("Intro", "v3 après consultation")])
    return v2, v3


def _state(number):
    db.session.expire_all()
    return db.session.scalar(db.select(RoadmapVersion).where(RoadmapVersion.number == number))


def test_draft_is_published_as_final_version_after_an_earlier_consultation(people):
    v2, v3 = _consulted_then_draft(people, closes_in=timedelta(days=3))
    service.publish_version(people["editor"], v3)
    assert v3.state == VersionState.PUBLISHED and v3.published_at is not None
    assert service.current_version() == v3
    assert v2.state == VersionState.CONSULTATION and not v2.consultation_open()  # its consultation is closed


def test_draft_without_any_earlier_consultation_is_not_published(people):
    version = make_version(VersionState.DRAFT)
    with pytest.raises(Conflict):
        service.publish_version(people["editor"], version)
    assert version.state == VersionState.DRAFT


def test_preview_counts_open_comments_and_an_early_closing(people):
    v2, v3 = _consulted_then_draft(people, closes_in=timedelta(days=3))
    preview = service.publication_preview(v3)
    assert preview.consultations == [v2] and preview.open_comments == 2  # the reply is no comment to answer
    assert preview.closing_early == [v2] and preview.refusal is None


def test_new_consultation_stays_possible_and_closes_the_earlier_one(people):
    v2, v3 = _consulted_then_draft(people, closes_in=timedelta(days=3))
    service.open_consultation(people["editor"], v3, utcnow() + timedelta(days=5))
    assert not v2.consultation_open() and v3.consultation_open()
    assert service.publication_preview(v3).consultations == [v2, v3]


# --- Requests -----------------------------------------------------------------------------------

def test_confirmation_page_says_what_publishing_does_and_warns_with_numbers(client, people):
    v2, v3 = _consulted_then_draft(people, closes_in=timedelta(days=3))
    db.session.commit()
    login(client, people["editor"])
    version_page = client.get(f"/roadmap/v/{v3.number}").get_data(as_text=True)
    assert f'href="/roadmap/v/{v3.number}/publish"' in version_page  # a link to the page, not a one-click form
    response = client.get(f"/roadmap/v/{v3.number}/publish")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "becomes the current roadmap" in page
    assert f"The consultation on version {v2.number} closes" in page
    assert "2 comments of the consultation have no answer yet" in page
    assert "publishing now ends it early" in page
    assert _state(v3.number).state == VersionState.DRAFT  # looking is not publishing


def test_no_warning_when_everything_is_answered_and_closed(client, people):
    v2, v3 = _consulted_then_draft(people)
    db.session.execute(db.update(Comment).values(status=CommentStatus.ANSWERED, answer="Vu"))
    db.session.commit()
    login(client, people["editor"])
    page = client.get(f"/roadmap/v/{v3.number}/publish").get_data(as_text=True)
    assert "no answer yet" not in page and "ends it early" not in page


def test_editor_confirms_and_the_final_version_is_published(client, people):
    v2, v3 = _consulted_then_draft(people, closes_in=timedelta(days=3))
    db.session.commit()
    login(client, people["editor"])
    response = post(client, f"/roadmap/v/{v3.number}/publish")
    assert response.status_code == 302
    assert _state(v3.number).state == VersionState.PUBLISHED
    assert _state(v2.number).closes_at <= utcnow()
    assert "v3 après consultation" in client.get("/roadmap").get_data(as_text=True)


def test_publishing_twice_is_refused_and_changes_nothing(client, people):
    _v2, v3 = _consulted_then_draft(people)
    db.session.commit()
    login(client, people["editor"])
    assert post(client, f"/roadmap/v/{v3.number}/publish").status_code == 302
    published_at = _state(v3.number).published_at
    again = post(client, f"/roadmap/v/{v3.number}/publish")
    assert again.status_code == 409 and "already published" in again.get_data(as_text=True)
    assert _state(v3.number).published_at == published_at


def test_publishing_a_version_that_is_not_the_latest_is_refused(client, people):
    v2, v3 = _consulted_then_draft(people)
    db.session.commit()
    login(client, people["editor"])
    response = post(client, f"/roadmap/v/{v2.number}/publish")
    assert response.status_code == 409 and "Only the latest version" in response.get_data(as_text=True)
    assert _state(v2.number).state == VersionState.CONSULTATION
    assert client.get(f"/roadmap/v/{v2.number}/publish").status_code == 409  # no button on the page either


def test_publishing_a_draft_never_preceded_by_a_consultation_is_refused(client, people):
    make_version(VersionState.DRAFT, sections=[("Intro", "x")])
    db.session.commit()
    login(client, people["editor"])
    response = post(client, "/roadmap/v/1/publish")
    assert response.status_code == 409 and "open a consultation" in response.get_data(as_text=True)
    assert _state(1).state == VersionState.DRAFT


def test_publishing_while_an_export_of_the_version_runs_is_refused(client, people):
    v2, v3 = _consulted_then_draft(people, closes_in=timedelta(days=3))
    db.session.add(Export(state=ExportState.RUNNING, active_slot=1, fingerprint="f", version_number=v3.number))
    db.session.commit()
    login(client, people["editor"])
    response = post(client, f"/roadmap/v/{v3.number}/publish")
    assert response.status_code == 409 and "An export of version" in response.get_data(as_text=True)
    assert _state(v3.number).state == VersionState.DRAFT
    assert _state(v2.number).consultation_open()  # its consultation not closed either


def test_export_of_another_version_does_not_block_publication(client, people):
    _v2, v3 = _consulted_then_draft(people)
    db.session.add(Export(state=ExportState.RUNNING, active_slot=1, fingerprint="f", version_number=1))
    db.session.commit()
    login(client, people["editor"])
    assert post(client, f"/roadmap/v/{v3.number}/publish").status_code == 302


@pytest.mark.parametrize("who, expected", [("visitor", 302), ("lead", 403)])
def test_only_editors_reach_the_confirmation_page(client, people, who, expected):
    _v2, v3 = _consulted_then_draft(people)
    db.session.commit()
    if who == "lead":
        login(client, people["lead"])
    assert client.get(f"/roadmap/v/{v3.number}/publish").status_code == expected
    assert post(client, f"/roadmap/v/{v3.number}/publish").status_code == expected
    assert _state(v3.number).state == VersionState.DRAFT


def test_publishing_without_csrf_token_is_refused(client, people):
    _v2, v3 = _consulted_then_draft(people)
    db.session.commit()
    login(client, people["editor"])
    assert client.post(f"/roadmap/v/{v3.number}/publish", data={}).status_code == 400
    assert _state(v3.number).state == VersionState.DRAFT
