def test_home_renders_in_french_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="fr"' in response.get_data(as_text=True)


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
