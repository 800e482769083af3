"""Demo territories, partner organisations and their people."""
from sqlalchemy import select

from roadmap.accounts.models import User
from roadmap.accounts.passwords import hash_password
from roadmap.extensions import db
from roadmap.territories.models import Membership, MembershipRole, Organisation, Territory

TERRITORIES = [
    ("la-rochelle", "La Rochelle", "FR", "city",
     "Ville portuaire pionnière du Self Data : mobilité, énergie et climat (territoire zéro carbone)."),
    ("metropole-de-lyon", "Métropole de Lyon", "FR", "metropolis",
     "Métropole engagée dans les données personnelles restituées aux habitants (énergie, mobilité)."),
    ("rennes-metropole", "Rennes Métropole", "FR", "metropolis",
     "Service public métropolitain de la donnée et expérimentations de cloud personnel."),
    ("nantes-metropole", "Nantes Métropole", "FR", "metropolis",
     "Charte métropolitaine de la donnée et dialogue citoyen sur les usages numériques."),
    ("barcelone", "Barcelone", "ES", "city",
     "Souveraineté technologique et communs de données citoyens."),
    ("helsinki", "Helsinki", "FI", "city",
     "Ville pionnière du MyData : consentement et portabilité au service des habitants."),
]

ORGANISATIONS = [
    ("NuageCitoyen", "sme", "Fournisseur de cloud personnel open source.",
     ["la-rochelle", "rennes-metropole", "metropole-de-lyon"]),
    ("Énergies Atlantique", "large_company", "Distributeur d'énergie, détenteur des données de consommation.",
     ["la-rochelle", "nantes-metropole"]),
    ("Mobilités Partagées", "startup", "Application de covoiturage et de calcul d'empreinte carbone.",
     ["la-rochelle", "metropole-de-lyon"]),
    ("Coopérative DataCommun", "association", "Coopérative de données d'habitants.",
     ["barcelone", "nantes-metropole"]),
    ("Laboratoire Données & Société", "research", "Laboratoire de recherche sur les usages des données.",
     ["rennes-metropole", "helsinki"]),
]

EDITOR_EMAIL = "editrice@demo.example"


def _user(email, name, password_hash, editor=False):
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, display_name=name, password_hash=password_hash, is_editor=editor, language="fr")
        db.session.add(user)
    return user


def _membership(user, role=MembershipRole.MEMBER, territory=None, organisation=None):
    for membership in user.memberships:
        if (territory is not None and membership.territory is territory) or \
                (organisation is not None and membership.organisation is organisation):
            return membership
    membership = Membership(territory=territory, organisation=organisation, role=role)
    user.memberships.append(membership)
    return membership


DEMO_INVITATION = "nouvelle-recrue-la-rochelle@demo.example"


def _pending_invitation(territory):
    """The lead of La Rochelle has invited a new member who has not answered yet (idempotent)."""
    from datetime import timedelta

    from roadmap.accounts.models import Invitation, InvitedRole
    from roadmap.core.timeutil import utcnow

    if db.session.scalar(select(Invitation.id).where(Invitation.email == DEMO_INVITATION)):
        return
    lead = db.session.scalar(select(User).where(User.email == "lead-la-rochelle@demo.example"))
    now = utcnow()
    db.session.add(Invitation(
        email=DEMO_INVITATION, role=InvitedRole.MEMBER, territory=territory, invited_by=lead, last_sent_at=now,
        expires_at=now + timedelta(days=7),
        message="Bienvenue ! Nous comptons sur toi pour les données de mobilité du SWOT."))


def seed_people(password):
    password_hash = hash_password(password)  # one slow hash for every demo account
    territories = {}
    for slug, name, country, kind, description in TERRITORIES:
        territory = db.session.scalar(select(Territory).where(Territory.slug == slug))
        if territory is None:
            territory = Territory(slug=slug, name=name, country=country, kind=kind, description=description)
            db.session.add(territory)
        territories[slug] = territory
    organisations = {}
    for name, kind, description, tied in ORGANISATIONS:
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            organisation = Organisation(name=name, kind=kind, description=description)
            db.session.add(organisation)
        organisation.territories = [territories[slug] for slug in tied]
        organisations[name] = organisation
    _user(EDITOR_EMAIL, "Claire Martin (éditrice)", password_hash, editor=True)
    leads = {
        "la-rochelle": "Julien Morel", "metropole-de-lyon": "Sophie Lambert", "rennes-metropole": "Yann Le Gall",
        "nantes-metropole": "Camille Durand", "barcelone": "Núria Puig", "helsinki": "Aino Virtanen",
    }
    for slug, name in leads.items():
        _membership(_user(f"lead-{slug}@demo.example", name, password_hash), MembershipRole.LEAD,
                    territory=territories[slug])
    _membership(_user("agent-la-rochelle@demo.example", "Léa Fournier", password_hash),
                MembershipRole.MEMBER, territory=territories["la-rochelle"])
    partners = {
        "NuageCitoyen": ("partenaire-nuagecitoyen@demo.example", "Thomas Bernard"),
        "Énergies Atlantique": ("partenaire-energies@demo.example", "Marie Lefèvre"),
        "Mobilités Partagées": ("partenaire-mobilites@demo.example", "Karim Benali"),
        "Coopérative DataCommun": ("partenaire-datacommun@demo.example", "Jordi Serra"),
        "Laboratoire Données & Société": ("partenaire-labo@demo.example", "Élise Roux"),
    }
    for organisation_name, (email, name) in partners.items():
        _membership(_user(email, name, password_hash), organisation=organisations[organisation_name])
    db.session.flush()
    _pending_invitation(territories["la-rochelle"])
    return {"territories": len(territories), "organisations": len(organisations),
            "users": 1 + len(leads) + 1 + len(partners)}
