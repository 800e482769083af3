"""seed-large: the whole data set of the benchmarks, the same every run, in seconds."""
import random
import time

from sqlalchemy import func, select

from roadmap.drafts.models import Comment, RoadmapVersion, Section, VersionState
from roadmap.extensions import db
from roadmap.large import seed_large
from roadmap.workshops.models import Alliance, Card, Dot, UseCase, Workshop, WorkshopState
from tests.conftest import _empty_database


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _snapshot():
    return (db.session.execute(select(Comment.body, Comment.status, Comment.parent_id).order_by(Comment.id)).all(),
            db.session.execute(select(Card.text, Card.use_case_id).order_by(Card.id)).all())


def test_seed_large_builds_workshops_use_cases_and_a_commented_roadmap_in_proportion(app):
    started = time.perf_counter()
    summary = seed_large(territories=10)
    db.session.commit()
    assert time.perf_counter() - started < 30
    assert summary["workshops"] == _count(Workshop) == 4 and _count(UseCase) == 30
    assert _count(Workshop, Workshop.state == WorkshopState.LIVE) == 1
    assert _count(Alliance) >= 30 and _count(Card) == 4 * 60 and _count(Dot) > 0
    states = db.session.scalars(select(RoadmapVersion.state).order_by(RoadmapVersion.number)).all()
    assert states == [VersionState.PUBLISHED, VersionState.PUBLISHED, VersionState.CONSULTATION]
    assert _count(Section) == 120 and _count(Comment) == 1000
    assert _count(Comment, Comment.parent_id.isnot(None)) > 200
    assert _count(Comment, Comment.answer.isnot(None)) > 300


def test_seed_large_gives_the_same_data_every_time(app):
    seed_large(territories=3)
    db.session.commit()
    first = _snapshot()
    _empty_database()
    random.seed(1)  # the global generator plays no part
    seed_large(territories=3)
    db.session.commit()
    assert _snapshot() == first
