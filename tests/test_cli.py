from sqlalchemy import func, select

from roadmap.accounts.models import User
from roadmap.extensions import db
from roadmap.territories.models import Membership, Organisation, Territory


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in
                 (User, Territory, Organisation, Membership))


def test_seed_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = _counts()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert _counts() == counts
    names = set(db.session.scalars(select(Territory.name)))
    assert {"La Rochelle", "Métropole de Lyon", "Rennes Métropole", "Nantes Métropole"} <= names
    assert len(names) >= 6
    assert db.session.scalar(select(func.count()).select_from(Organisation)) >= 4


def test_demo_accounts_log_in_with_the_documented_password(app):
    from roadmap.demo import DEMO_PASSWORD
    from tests.conftest import post

    app.test_cli_runner().invoke(args=["seed-demo"])
    client = app.test_client()
    response = post(client, "/login", {"email": "editrice@demo.example", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    readme = open("README.md", encoding="utf-8").read()
    assert DEMO_PASSWORD in readme and "editrice@demo.example" in readme


def test_create_user_makes_an_editor(app):
    result = app.test_cli_runner().invoke(args=["create-user", "--email", "Chef@Example.org", "--name", "Chef",
                                                "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "chef@example.org"))
    assert user.is_editor


def test_create_user_refuses_a_short_password_and_a_duplicate(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["create-user", "--email", "a@example.org", "--name", "A",
                               "--password", "short"]).exit_code != 0
    runner.invoke(args=["create-user", "--email", "a@example.org", "--name", "A", "--password", "a-long-password"])
    again = runner.invoke(args=["create-user", "--email", "A@example.org", "--name", "A",
                                "--password", "a-long-password"])
    assert again.exit_code != 0 and "déjà un compte" in again.output or "already" in again.output
