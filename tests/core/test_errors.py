def test_unknown_page_gets_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Cette page n'existe pas." in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_server_error_shows_no_stack_trace(tmp_path):
    from config import TestConfig
    from roadmap import create_app

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/e.sqlite3", INSTANCE_DIR=tmp_path,
                     PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom-test-only")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom-test-only")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret detail" not in body and "Traceback" not in body


def test_a_405_page_says_which_methods_are_allowed(client):
    response = client.delete("/organisations")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"GET", "HEAD"}
