"""The accessibility statement (RGAA 4.1): open to everyone, in French by default, linked from every page."""


def test_statement_is_public_in_french_with_what_rgaa_asks(client):
    response = client.get("/accessibilite")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Déclaration d'accessibilité</h1>" in html
    for part in ("État de conformité", "partiellement conforme", "RGAA", "Contenus non accessibles",
                 "Retour d'information et contact", "Voies de recours", "Défenseur des droits",
                 "axe-core 4.14", "vnu-jar 26.9", "1er décembre 2026", "avec un zoom de 200 %."):
        assert part in html, part
    # What tests/a11y now checks in the live room is no longer listed as not accessible.
    assert "ajout d'une carte et le placement d'une gommette sont faits au clavier seul" in html
    assert "onglets fixes de la salle" in html
    assert "pas encore vérifié automatiquement" not in html and "raccourci entre les cas d'usage" not in html


def test_statement_is_linked_from_the_footer_of_every_page(client):
    for path in ("/", "/login", "/privacy"):
        html = client.get(path).get_data(as_text=True)
        footer = html[html.index('<footer'):]
        assert 'href="/accessibilite"' in footer and "Accessibilité : partiellement conforme" in footer, path


def test_statement_in_english_when_chosen(client):
    from tests.conftest import csrf_token

    client.post("/language", data={"language": "en", "next": "/accessibilite", "csrf_token": csrf_token(client)})
    html = client.get("/accessibilite").get_data(as_text=True)
    assert "<h1>Accessibility statement</h1>" in html and "partially compliant" in html


def test_statement_answers_a_post_with_405(client):
    assert client.post("/accessibilite").status_code == 405
