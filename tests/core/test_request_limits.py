"""A request body past MAX_CONTENT_LENGTH is refused before it is read; production refuses the
default secret key."""
import pytest

from config import DEFAULT_SECRET_KEY, TestConfig
from roadmap import UnsafeConfiguration, create_app
from tests.conftest import csrf_token


def test_a_huge_url_encoded_body_to_forgot_password_gets_413_with_a_french_page(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert 1024 * 1024 <= limit <= 16 * 1024 * 1024
    token = csrf_token(client, "/password/forgot")
    body = f"csrf_token={token}&email=" + "a" * (limit + 1)
    response = client.post("/password/forgot", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Ce que vous avez envoyé est trop volumineux." in html
    assert "Traceback" not in html and "aaaaaaaaaa" not in html


def test_a_body_under_the_limit_is_read_as_usual(client, app):
    token = csrf_token(client, "/password/forgot")
    response = client.post("/password/forgot", data={"csrf_token": token, "email": "x" * 1000})
    assert response.status_code == 422  # read, then refused as not an e-mail address


def _production_app(tmp_path, key):
    return create_app(TestConfig, ENV_NAME="production", SECRET_KEY=key,
                      SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.sqlite3", INSTANCE_DIR=tmp_path)


@pytest.mark.parametrize("key", [DEFAULT_SECRET_KEY, "", "short"])
def test_production_refuses_to_start_with_the_default_or_a_weak_secret_key(tmp_path, key):
    with pytest.raises(UnsafeConfiguration, match="SECRET_KEY"):
        _production_app(tmp_path, key)


def test_production_starts_with_a_secret_key_of_its_own(tmp_path):
    app = _production_app(tmp_path, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    assert app.config["ENV_NAME"] == "production"


def test_development_starts_with_the_default_key(tmp_path):
    app = create_app(TestConfig, SECRET_KEY=DEFAULT_SECRET_KEY,
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/d.sqlite3", INSTANCE_DIR=tmp_path)
    assert app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY
