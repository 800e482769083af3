"""seed-large's part for the roadmap: 40 sections in 3 versions (published, published, in
consultation) and 10,000 comments at 100 territories (replies, answered statuses, some hidden).

Bulk INSERTs only (see roadmap/large.py); the same data every run for the same rng.
"""
from datetime import timedelta

from sqlalchemy import func, insert, select

from roadmap.core.timeutil import utcnow
from roadmap.core.markdown_bounds import trusted_html
from roadmap.drafts.models import Comment, CommentStatus, RoadmapVersion, Section, Stance, VersionState
from roadmap.extensions import db

SECTIONS = 40
COMMENTS_PER_TERRITORY = 100  # 10,000 at 100 territories
REPLY_SHARE = 0.3
# Share of the comments on each version: the consultation holds half of them.
VERSION_SHARES = (0.25, 0.25, 0.5)

PARAGRAPHS = [
    "Le territoire s'engage à publier **chaque année** la liste des données partagées et leurs usages.",
    "Les habitants gardent la main : un consentement *révocable*, une trace de chaque accès.",
    "- une charte commune\n- un comité citoyen\n- un registre public",
    "Les partenaires industriels rejoignent l'alliance sous condition de [réciprocité](#principes).",
    "Un indicateur de confiance est mesuré deux fois par an auprès d'un panel d'habitants.",
]
COMMENT_TEXTS = [
    "Je soutiens cette orientation, à condition de prévoir un calendrier précis.",
    "Qui contrôle le respect de cet engagement ? Il manque une instance indépendante.",
    "Cette phrase est ambiguë : s'agit-il de toutes les données ou seulement des données publiques ?",
    "Notre association souhaite être associée à la rédaction de la charte.",
    "Ne faudrait-il pas fixer un objectif chiffré ?",
]
ANSWERS = ["Merci, nous avons précisé le texte.", "Cette proposition sort du périmètre de la feuille de route."]


def section_body(rng, n):
    paragraphs = rng.sample(PARAGRAPHS, 4)
    return f"Section {n} : orientations.\n\n" + "\n\n".join(paragraphs)


def seed_roadmap_large(rng, context, territories):
    now = utcnow().replace(microsecond=0)
    editor_id = context["editor_id"]
    authors = context["lead_ids"] + context["member_ids"] + context["partner_ids"]
    first = (db.session.scalar(select(func.max(RoadmapVersion.number))) or 0) + 1
    numbers = [first, first + 1, first + 2]
    db.session.execute(insert(RoadmapVersion), [
        {"number": numbers[0], "state": VersionState.PUBLISHED.value, "consultation_opened_at": now - timedelta(days=200),
         "closes_at": now - timedelta(days=180), "published_at": now - timedelta(days=170),
         "created_at": now - timedelta(days=220)},
        {"number": numbers[1], "state": VersionState.PUBLISHED.value, "consultation_opened_at": now - timedelta(days=100),
         "closes_at": now - timedelta(days=80), "published_at": now - timedelta(days=70),
         "created_at": now - timedelta(days=120)},
        {"number": numbers[2], "state": VersionState.CONSULTATION.value, "consultation_opened_at": now - timedelta(days=5),
         "closes_at": now + timedelta(days=365), "published_at": None, "created_at": now - timedelta(days=10)},
    ])
    version_ids = [db.session.scalar(select(RoadmapVersion.id).where(RoadmapVersion.number == n)) for n in numbers]
    keys = [f"large{n:027d}" for n in range(1, SECTIONS + 1)]
    bodies = [section_body(rng, n) for n in range(1, SECTIONS + 1)]
    sections, html_of = [], {}
    for v, version_id in enumerate(version_ids):
        for position, key in enumerate(keys, start=1):
            body = bodies[position - 1] if v < 2 or position % 4 else bodies[position - 1] + "\n\nAjout de la version 3."
            sections.append({"version_id": version_id, "key": key, "position": position,
                             "title": f"{position}. Orientation {position}", "body": body, "revision": 1,
                             "body_html": html_of.get(body) or html_of.setdefault(body, trusted_html(body))})
    db.session.execute(insert(Section), sections)
    section_rows = db.session.execute(select(Section.id, Section.version_id, Section.body)
                                      .where(Section.version_id.in_(version_ids)).order_by(Section.id)).all()
    sections_of = {vid: [(sid, body.count("\n\n") + 1) for sid, v, body in section_rows if v == vid]
                   for vid in version_ids}

    total = COMMENTS_PER_TERRITORY * territories
    top_level = []
    statuses = [CommentStatus.ACCEPTED, CommentStatus.PARTLY_ACCEPTED, CommentStatus.DECLINED, CommentStatus.ANSWERED]
    stances = list(Stance)
    for v, version_id in enumerate(version_ids):
        count = round(total * VERSION_SHARES[v] * (1 - REPLY_SHARE))
        for i in range(count):
            section_id, blocks = rng.choice(sections_of[version_id])
            answered = v < 2 or rng.random() < 0.3
            status = rng.choice(statuses) if answered else CommentStatus.OPEN
            created = now - timedelta(days=(2 - v) * 100 + 4, minutes=count - i)
            hidden = i % 97 == 0
            top_level.append({
                "version_id": version_id, "section_id": section_id, "author_id": rng.choice(authors),
                "paragraph_id": f"p-{section_id}-{rng.randrange(blocks)}" if rng.random() < 0.6 else None,
                "quote": None, "stance": rng.choice(stances).value, "body": rng.choice(COMMENT_TEXTS),
                "status": status.value, "answer": rng.choice(ANSWERS) if answered else None,
                "answered_by_id": editor_id if answered else None, "answered_at": created + timedelta(days=1)
                if answered else None, "hidden_at": created + timedelta(hours=2) if hidden else None,
                "hidden_by_id": editor_id if hidden else None, "hidden_reason": "Hors sujet" if hidden else None,
                "created_at": created, "edited_at": None,
            })
    db.session.execute(insert(Comment), top_level)
    parents = db.session.execute(select(Comment.id, Comment.version_id, Comment.section_id, Comment.created_at)
                                 .where(Comment.version_id.in_(version_ids), Comment.parent_id.is_(None),
                                        Comment.hidden_at.is_(None))
                                 .order_by(Comment.id)).all()
    replies = []
    for _ in range(total - len(top_level)):
        parent_id, version_id, section_id, created = rng.choice(parents)
        replies.append({
            "version_id": version_id, "section_id": section_id, "parent_id": parent_id,
            "author_id": rng.choice(authors), "paragraph_id": None, "quote": None, "stance": None,
            "body": "Je rejoins cette remarque.", "status": CommentStatus.OPEN.value, "answer": None,
            "answered_by_id": None, "answered_at": None, "hidden_at": None, "hidden_by_id": None,
            "hidden_reason": None, "created_at": created + timedelta(hours=rng.randint(1, 48)), "edited_at": None,
        })
    db.session.execute(insert(Comment), replies)
    context.update(roadmap_version_numbers=numbers)
    return {"roadmap versions": 3, "roadmap sections": len(sections), "comments": len(top_level) + len(replies)}
