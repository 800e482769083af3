"""Factories that build data for tests; every account's password is PASSWORD."""
import itertools

from roadmap.accounts.models import User
from roadmap.accounts.passwords import hash_password
from roadmap.extensions import db
from roadmap.territories.models import Membership, MembershipRole, Organisation, Territory

PASSWORD = "correct-horse-battery"
_HASH = None
_counter = itertools.count(1)


def _password_hash():
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


def make_territory(name=None, country="FR", kind="city", **fields):
    n = next(_counter)
    name = name or f"Territoire {n}"
    territory = Territory(name=name, slug=fields.pop("slug", None) or f"territoire-{n}-{name.lower().replace(' ', '-')}",
                          country=country, kind=kind, description=fields.pop("description", ""), **fields)
    db.session.add(territory)
    db.session.flush()
    return territory


def make_organisation(name=None, kind="sme", territories=()):
    organisation = Organisation(name=name or f"Organisation {next(_counter)}", kind=kind, description="",
                                territories=list(territories))
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_user(email=None, name=None, editor=False, admin=False, language="fr", active=True):
    n = next(_counter)
    user = User(email=(email or f"user{n}@example.org").lower(), display_name=name or f"Personne {n}",
                password_hash=_password_hash(), is_editor=editor, is_admin=admin, language=language, active=active)
    db.session.add(user)
    db.session.flush()
    return user


def make_editor(**kwargs):
    return make_user(editor=True, **kwargs)


def make_lead(territory, **kwargs):
    user = make_user(**kwargs)
    user.memberships.append(Membership(territory=territory, role=MembershipRole.LEAD))
    db.session.flush()
    return user


def make_member(territory, **kwargs):
    user = make_user(**kwargs)
    user.memberships.append(Membership(territory=territory, role=MembershipRole.MEMBER))
    db.session.flush()
    return user


def make_partner(organisation, **kwargs):
    user = make_user(**kwargs)
    user.memberships.append(Membership(organisation=organisation, role=MembershipRole.MEMBER))
    db.session.flush()
    return user


def login(client, user, password=PASSWORD):
    """Log the user in through the real form; commits pending test data first."""
    from tests.conftest import post

    db.session.commit()
    response = post(client, "/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response
