"""A small world with something of every kind in every state, and one person of every role.

Every text holds the word "commun", so that one search finds them all."""
from dataclasses import dataclass, field
from datetime import datetime

from flask_login import AnonymousUserMixin

from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from roadmap.swot import service as swot_service
from roadmap.swot.models import ItemStatus
from tests.drafts.factories import make_comment, make_version
from tests.factories import make_editor, make_lead, make_member, make_organisation, make_partner, make_territory, make_user
from tests.search.helpers import make_swot_item
from tests.workshops.helpers import make_use_case, make_workshop

WORD = "commun"


@dataclass
class World:
    people: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)


def build_world():
    world = World()
    north = make_territory("Nordville", description=f"Territoire {WORD} du nord")
    south = make_territory("Sudville", description=f"Territoire {WORD} du sud")
    tied = make_organisation(f"Données {WORD}es", territories=[north])
    editor = make_editor(name="Éditrice")
    lead_north = make_lead(north, name="Lead nord")
    member_south = make_member(south, name="Membre sud")
    partner = make_partner(tied, name="Partenaire")
    loner = make_user(name="Sans rattachement")
    world.people = {"visitor": AnonymousUserMixin(), "editor": editor, "lead_north": lead_north,
                    "member_south": member_south, "partner_north": partner, "loner": loner}
    # SWOTs: the north's draft is private; the south's is public; each has a submitted version.
    north_item = make_swot_item(north, f"Brouillon {WORD} du nord")
    make_swot_item(north, f"Proposition {WORD}", status=ItemStatus.PROPOSED, author=partner)
    south_item = make_swot_item(south, f"Brouillon {WORD} du sud", public=True)
    swot_service.submit(north, lead_north)
    south_lead = make_lead(south, name="Lead sud")
    swot_service.submit(south, south_lead)
    south_item.text = f"Brouillon {WORD} du sud, modifié"
    # Use cases: one public, one not; workshops: one for the north only.
    public_case = make_use_case(editor, f"Cas {WORD} public", is_public=True)
    private_case = make_use_case(editor, f"Cas {WORD} privé")
    workshop = make_workshop(editor, territories=[north], title=f"Atelier {WORD}")
    # Roadmap: a published version, a consultation, a draft; comments on each, one hidden.
    published = make_version(VersionState.PUBLISHED, sections=((f"Publié {WORD}", "Texte"),))
    consultation = make_version(VersionState.CONSULTATION, sections=((f"En consultation {WORD}", "Texte"),))
    draft = make_version(VersionState.DRAFT, sections=((f"Brouillon {WORD}", "Texte"),))
    comments = [make_comment(lead_north, v.sections[0], body=f"Avis {WORD} sur v{v.number}")
                for v in (published, consultation)]
    hidden = make_comment(lead_north, consultation.sections[0], body=f"Avis {WORD} masqué",
                          hidden_at=datetime(2026, 1, 1), hidden_reason="hors sujet")
    db.session.flush()
    world.objects = {"north": north, "south": south, "tied": tied, "north_item": north_item, "south_item": south_item,
                     "public_case": public_case, "private_case": private_case, "workshop": workshop,
                     "published": published, "consultation": consultation, "draft": draft, "comments": comments,
                     "hidden": hidden}
    return world
