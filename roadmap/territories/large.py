"""Large data set: territories, partner organisations (three per territory) and their people."""
from sqlalchemy import insert, select

from roadmap.accounts.models import User
from roadmap.accounts.passwords import hash_password
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.territories.models import Membership, Organisation, Territory, organisation_territory

COUNTRIES = ["FR", "DE", "ES", "IT", "BE", "NL", "PT", "FI", "SE", "PL", "AT", "DK"]
KINDS = ["city", "metropolis", "region", "other"]
ORG_KINDS = ["large_company", "sme", "startup", "association", "research", "public_body"]


def seed_people(rng, context, territories):
    if db.session.scalar(select(Territory.id).where(Territory.slug == "large-0001")):
        raise SystemExit("seed-large has already run on this database")
    now = utcnow()
    password_hash = hash_password(context["password"])
    db.session.execute(insert(Territory), [
        {"name": f"Territoire {n:04d}", "slug": f"large-{n:04d}", "country": rng.choice(COUNTRIES),
         "kind": rng.choice(KINDS), "description": f"Territoire de test numéro {n}.", "created_at": now}
        for n in range(1, territories + 1)
    ])
    territory_ids = list(db.session.scalars(select(Territory.id).where(Territory.slug.like("large-%"))
                                            .order_by(Territory.id)))
    organisations = territories * 3
    db.session.execute(insert(Organisation), [
        {"name": f"Partenaire {n:04d}", "kind": rng.choice(ORG_KINDS), "description": "", "created_at": now}
        for n in range(1, organisations + 1)
    ])
    organisation_ids = list(db.session.scalars(select(Organisation.id).where(Organisation.name.like("Partenaire %"))
                                               .order_by(Organisation.id)))
    ties = {(oid, territory_ids[i // 3]) for i, oid in enumerate(organisation_ids)}
    ties |= {(oid, rng.choice(territory_ids)) for oid in organisation_ids[::5]}
    db.session.execute(insert(organisation_territory), [{"organisation_id": o, "territory_id": t} for o, t in ties])

    users = [{"email": context["editor_email"], "_display_name": "Éditrice Large", "is_editor": True}]
    users += [{"email": f"lead-{n:04d}@large.example", "_display_name": f"Responsable {n:04d}", "is_editor": False}
              for n in range(1, territories + 1)]
    users += [{"email": f"member-{n:04d}@large.example", "_display_name": f"Membre {n:04d}", "is_editor": False}
              for n in range(1, territories + 1)]
    users += [{"email": f"partner-{n:04d}@large.example", "_display_name": f"Partenaire {n:04d}", "is_editor": False}
              for n in range(1, organisations + 1)]
    db.session.execute(insert(User), [
        {**u, "password_hash": password_hash, "language": "fr", "active": True, "is_admin": False,
         "session_token": f"large-{i}", "created_at": now} for i, u in enumerate(users)
    ])
    ids = dict(db.session.execute(select(User.email, User.id).where(User.email.like("%@large.example"))).all())
    memberships = []
    lead_ids, member_ids, partner_ids = [], [], []
    for n, tid in enumerate(territory_ids, start=1):
        lead_ids.append(ids[f"lead-{n:04d}@large.example"])
        member_ids.append(ids[f"member-{n:04d}@large.example"])
        memberships.append({"user_id": lead_ids[-1], "territory_id": tid, "role": "lead", "created_at": now})
        memberships.append({"user_id": member_ids[-1], "territory_id": tid, "role": "member", "created_at": now})
    for n, oid in enumerate(organisation_ids, start=1):
        partner_ids.append(ids[f"partner-{n:04d}@large.example"])
        memberships.append({"user_id": partner_ids[-1], "organisation_id": oid, "role": "member", "created_at": now})
    db.session.execute(insert(Membership), memberships)
    context.update(territory_ids=territory_ids, organisation_ids=organisation_ids, editor_id=ids[context["editor_email"]],
                   lead_ids=lead_ids, member_ids=member_ids, partner_ids=partner_ids)
    return {"territories": len(territory_ids), "organisations": len(organisation_ids), "users": len(users)}
