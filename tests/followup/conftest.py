import pytest

from tests.factories import make_editor, make_lead, make_member, make_organisation, make_partner, make_territory, make_user
from tests.followup.factories import make_action, make_experiment


@pytest.fixture
def world(app):
    """La Rochelle (lead, member, tied partner), Lyon (lead), an editor, an outsider, an action and
    a public and a non-public experiment of La Rochelle."""
    from roadmap.extensions import db

    rochelle, lyon = make_territory("La Rochelle"), make_territory("Lyon")
    partner_org = make_organisation("NuageCitoyen", territories=[rochelle])
    other_org = make_organisation("Ailleurs", territories=[lyon])
    people = {
        "lead": make_lead(rochelle), "member": make_member(rochelle), "partner": make_partner(partner_org),
        "other_lead": make_lead(lyon), "other_partner": make_partner(other_org), "editor": make_editor(),
        "outsider": make_user(),
    }
    action = make_action()
    public = make_experiment(rochelle, action, title="Coach CO2")
    private = make_experiment(rochelle, action, title="Essai discret", public=False)
    db.session.commit()
    return {"rochelle": rochelle, "lyon": lyon, "action": action, "public": public, "private": private,
            "partner_org": partner_org, **people}
