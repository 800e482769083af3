from config import TestConfig
from roadmap import create_app


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none",
                     SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 1}}, INSTANCE_DIR=tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}
