"""The words of the programme. The terms of the SWOT and of the governance models are the labels
the features show, so that the glossary and the pages always say the same word."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from roadmap.swot.forms import DIMENSION_LABELS, QUADRANT_SINGULAR
from roadmap.swot.models import Dimension, Quadrant
from roadmap.workshops.labels import GOVERNANCE_LABELS
from roadmap.workshops.models import GovernanceModel


@dataclass(frozen=True)
class Entry:
    anchor: str
    term: object
    definition: object


@dataclass(frozen=True)
class Group:
    anchor: str
    title: object
    entries: tuple
    intro: object = ""


PROGRAMME = Group("programme", _l("The programme"), (
    Entry("self-data", _l("Self Data"), _l(
        "Personal data that an organisation holds about people is shared back with them, so that they use it "
        "for their own purposes: understand, decide, act. The French MesInfos programme started it; cities "
        "now carry it.")),
    Entry("roadmap", _l("Roadmap"), _l(
        "The European Self Data territorial roadmap that the territories, their partners and the editors write "
        "together, in successive versions: draft, consultation, published.")),
    Entry("territory-lead", _l("Territory lead"), _l(
        "A city's project lead: fills in and submits the SWOT of the territory, invites its members and local "
        "partners, commits the territory to use cases.")),
    Entry("partner", _l("Partner"), _l(
        "A company, start-up, association or lab tied to one or more territories: proposes items to their "
        "SWOT, takes part in workshops, comments on the roadmap.")),
    Entry("editors", _l("Editors"), _l(
        "The programme's editorial team: set up the process, invite people, run the workshops, write, answer "
        "the comments and publish the roadmap.")),
    Entry("use-case", _l("Use case"), _l(
        "A scenario in which citizens get their own data back and use it, described on a canvas: problem, "
        "citizens concerned, data, what they get back, service, governance model, benefits, risks.")),
    Entry("alliance", _l("Alliance"), _l(
        "The territories that commit to one use case, as leading, participating or observing.")),
    Entry("consultation", _l("Consultation"), _l(
        "The time during which every participant comments on a version of the roadmap; the editors answer "
        "each comment.")),
))

SWOT = Group("swot", _l("SWOT diagnostics"), tuple(
    [Entry("swot-quadrants", _l("SWOT"), _l(
        "Strengths, weaknesses, opportunities and threats of a territory for running Self Data projects. "
        "Strengths and weaknesses are internal; opportunities and threats come from outside."))]
    + [Entry(f"quadrant-{q.value}", QUADRANT_SINGULAR[q], text) for q, text in (
        (Quadrant.STRENGTH, _l("What the territory already does well or has: a team, a platform, a law.")),
        (Quadrant.WEAKNESS, _l("What the territory lacks or does badly today.")),
        (Quadrant.OPPORTUNITY, _l("What around the territory could help: a European programme, a partner, a "
                                  "regulation.")),
        (Quadrant.THREAT, _l("What around the territory could hinder: distrust, a competitor, a cut budget.")),
    )]
    + [Entry(f"dimension-{d.value}", DIMENSION_LABELS[d], text) for d, text in (
        (Dimension.TECHNICAL, _l("Capacities to collect, store, secure and give back data: systems, "
                                 "formats, interfaces.")),
        (Dimension.FINANCIAL, _l("Budgets, funding and business models that pay for the projects.")),
        (Dimension.HUMAN, _l("People and skills: staff, training, mediators who help citizens.")),
        (Dimension.LEGAL, _l("Law (GDPR, data portability), political support and the elected officials' "
                             "commitment.")),
        (Dimension.ORGANISATIONAL, _l("How the services and partners work together: governance, processes, "
                                      "who decides.")),
    )]), intro=_l("Each SWOT item has a quadrant and a dimension."))

GOVERNANCE = Group("governance", _l("Governance models"), tuple(
    Entry(f"governance-{model.value}", GOVERNANCE_LABELS[model], text) for model, text in (
        (GovernanceModel.PERSONAL_CLOUD, _l(
            "Each citizen keeps their data in a personal space they control (a personal information "
            "management system) and decides which service may use it.")),
        (GovernanceModel.DIRECT_TRANSFER, _l(
            "The organisation that holds the data sends it straight to the citizen (a download, an interface), "
            "who then uses it as they wish.")),
        (GovernanceModel.TRUSTED_PLATFORM, _l(
            "A trusted third party (often public) runs a platform through which the data flows under rules "
            "the citizen accepts.")),
        (GovernanceModel.DATA_COOPERATIVE, _l(
            "Citizens pool their data in a cooperative that they own and govern together, and decide "
            "collectively how it is used.")),
        (GovernanceModel.CIVIC_DATA_TRUST, _l(
            "A trustee manages data on behalf of citizens and in the public interest, bound by a charter and "
            "accountable to them.")),
    )), intro=_l("The five ways of organising who holds the data and who decides, chosen on each use case."))

MYDATA = Group("mydata", _l("MyData principles"), (
    Entry("mydata-human-centric", _l("Human-centric control of personal data"), _l(
        "People are empowered actors, not passive targets, in the management of their personal lives.")),
    Entry("mydata-integration", _l("The individual as the point of integration"), _l(
        "Data about a person comes together where that person is, and they decide what to combine.")),
    Entry("mydata-empowerment", _l("Individual empowerment"), _l(
        "People have the knowledge and the tools to use their data for their own purposes.")),
    Entry("mydata-portability", _l("Portability: access and re-use"), _l(
        "People can get their data in a usable format and take it to the service of their choice.")),
    Entry("mydata-transparency", _l("Transparency and accountability"), _l(
        "Organisations say what they do with personal data, and answer for it.")),
    Entry("mydata-interoperability", _l("Interoperability"), _l(
        "Open standards let data flow between services, so that nobody is locked in.")),
), intro=_l("The MyData declaration's six principles, which the programme's use cases follow."))

GROUPS = (PROGRAMME, SWOT, GOVERNANCE, MYDATA)
