from config import TestConfig
from roadmap import create_app


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none",
                     SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 1}}, INSTANCE_DIR=tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}


def test_the_postgresql_pool_is_sized_from_the_settings_and_sqlite_is_left_alone():
    from roadmap import _size_the_pool

    postgres = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@h/db", "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
                "DATABASE_POOL_SIZE": 12, "DATABASE_MAX_OVERFLOW": 3}
    _size_the_pool(postgres)
    assert postgres["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True, "pool_size": 12, "max_overflow": 3}
    sqlite = {"SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite3", "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True}}
    _size_the_pool(sqlite)
    assert sqlite["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}
