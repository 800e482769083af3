import pytest

from roadmap.core.security import safe_next_path


def test_pages_carry_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_or_style(client):
    html = client.get("/").get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html and " onclick=" not in html


@pytest.mark.parametrize("target, expected", [
    ("/account", "/account"),
    ("/territories/la-rochelle?x=1", "/territories/la-rochelle?x=1"),
    ("https://evil.example/", None),
    ("//evil.example", None),
    ("/\\evil.example", None),
    ("javascript:alert(1)", None),
    ("", None),
    (None, None),
    ("/ok\r\nSet-Cookie: x=1", None),
])
def test_safe_next_path_keeps_only_local_paths(target, expected):
    assert safe_next_path(target) == expected


POST_ROUTES = ["/login", "/logout", "/language", "/invitations", "/password/forgot", "/account",
               "/account/password", "/territories/new", "/organisations/new"]


@pytest.mark.parametrize("url", POST_ROUTES)
def test_every_form_refuses_a_post_without_csrf_token(client, url):
    response = client.post(url, data={"email": "a@example.org", "password": "x", "language": "en"})
    assert response.status_code in (400, 302)  # 302: login required comes first
    if response.status_code == 400:
        assert "formulaire a expiré" in response.get_data(as_text=True)


def test_language_switch_without_csrf_changes_nothing(client):
    client.post("/language", data={"language": "en"})
    assert 'lang="fr"' in client.get("/").get_data(as_text=True)
