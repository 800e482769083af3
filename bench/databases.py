"""Throw-away databases for the benchmarks and the fault runs."""
import re

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import sqlalchemy_url


def fresh_postgresql(url):
    """Drops the PostgreSQL database that url names and creates it empty, on the server url names."""
    target = make_url(sqlalchemy_url(url))
    if not re.fullmatch(r"\w+", target.database or ""):
        raise ValueError(f"a plain database name, please: {target.database!r}")
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()
    return url


def scalar(url, sql, **parameters):
    """One value read from the database at url, outside any app."""
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), parameters).scalar_one()
    finally:
        engine.dispose()
