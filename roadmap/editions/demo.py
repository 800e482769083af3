"""Demo edition: the final roadmap (version 3) in English, translated by the lead of Helsinki, whom
the editors appointed as translator into English, and published with its version.

Idempotent: a translation that exists is left alone, the appointment and the publication are made once.
"""
from sqlalchemy import select

from roadmap.accounts.models import User
from roadmap.drafts.models import RoadmapVersion, VersionState
from roadmap.editions import service
from roadmap.editions.models import Translator
from roadmap.extensions import db

TRANSLATOR = "lead-helsinki@demo.example"
ENGLISH = {
    "qu-est-ce-que-le-self-data": (
        "What is Self Data?",
        "Self Data is the production, use and sharing of personal data **by individuals, under their control "
        "and for their own purposes**.\n\n"
        "In practice, a person gets back the data that organisations hold about them (energy, mobility, health, "
        "food) to know themselves better, make decisions or use new services.\n\n"
        "Territories have a special role: they hold data themselves, bring local actors together and can "
        "guarantee a framework of trust.\n\n"
        "Private operators (energy, mobility, banking) hold much of this data: they are the territories' first "
        "partners in giving it back."),
    "resultats-swot": (
        "What the SWOT diagnostics say",
        "Six territories diagnosed their strengths, weaknesses, opportunities and threats.\n\n"
        "Shared strengths: a strong political will and digital services already open to residents.\n\n"
        "Recurring weaknesses: scarce legal skills, yearly budgets that do not cover running services over "
        "several years (some territories, such as Rennes Métropole, already fund them over several years).\n\n"
        "| Dimension | Territories concerned |\n|---|---|\n| Technical | 5 |\n| Legal | 4 |\n| Financial | 6 |\n"
        "| Human | 3 |"),
    "petites-experimentations": (
        "Track 1: many small experiments",
        "Each territory runs at least one six-month experiment, with two hundred volunteer residents, on a "
        "simple use case that helps in daily life.\n\n"
        "The results are documented with a common grid, based on the MyData network's, so that they can be "
        "compared from one territory to another.\n\n"
        "Local partners (energy suppliers, mobility operators) commit to giving back the past year's data within "
        "a month, and the full history within three months."),
    "chartes-de-donnees": (
        "Track 2: territorial data charters",
        "Each territory adopts a charter setting out its commitments to residents: transparency, purposes, "
        "retention periods, the right to portability. The charter of Rennes Métropole is the starting point.\n\n"
        "The charter is debated in public, for at least three months, before it is adopted."),
    "self-data-by-design": (
        "Track 3: “Self Data by design” in public procurement",
        "Public contracts for digital services and public service delegations include a clause requiring the "
        "data to be given back to users, in an open and reusable format.\n\n"
        "A model clause is written together, reviewed by the partners, and made available to every public buyer. "
        "The Métropole de Lyon carries it in 2027."),
    "mesurer": (
        "Measuring the effects",
        "Common indicators follow the number of residents who get their data back, what they do with it, the "
        "data they have deleted and how much they trust the process.\n\n"
        "A public report is presented every year."),
    "calendrier": (
        "Timeline and next steps",
        "2027: first experiments and the model clause, with a review at mid-year.\n\n"
        "2028: charters adopted in every territory and a first shared use case.\n\n"
        "Each territory publishes its own timeline with its charter."),
    "mutualiser": (
        "Pooling efforts and co-designing shared use cases",
        "Territories form alliances around shared use cases, such as La Rochelle's carbon coach, whose code is "
        "open to the other territories, to share development costs and lessons learnt.\n\n"
        "A light governance brings the territories together every quarter; every other meeting is open to the "
        "partners."),
}


def seed_editions():
    """The English edition of the final version, published with it (when the demo roadmap is there)."""
    version = db.session.scalar(select(RoadmapVersion).where(RoadmapVersion.number == 3))
    translator = db.session.scalar(select(User).where(User.email == TRANSLATOR))
    editor = db.session.scalar(select(User).where(User.is_editor.is_(True), User.active.is_(True)).order_by(User.id))
    if version is None or translator is None or editor is None or "en" not in service.edition_languages():
        return {"roadmap translations": 0}
    if db.session.scalar(select(Translator.id).where(Translator.user_id == translator.id,
                                                     Translator.language == "en")) is None:
        db.session.add(Translator(user_id=translator.id, language="en", appointed_by_id=editor.id))
        db.session.flush()
    added = 0
    for section in version.sections:
        if section.key in ENGLISH and service.translation_of(section, "en") is None:
            title, body = ENGLISH[section.key]
            service.save_translation(translator, section, "en", title, body, section.revision, 0,
                                     now=version.published_at)
            added += 1
    if version.state == VersionState.PUBLISHED and "en" not in service.published_languages(version) \
            and service.edition_status(version, "en").complete:
        service.publish_edition(editor, version, "en", now=version.published_at)
    return {"roadmap translations": added}
