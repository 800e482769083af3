"""The main pages of the large data set (seed-large), with paths that are the same every run."""
from sqlalchemy import create_engine, text

from roadmap.large import EDITOR_EMAIL, LARGE_PASSWORD as PASSWORD
from roadmap.workshops.large import LIVE_WORKSHOP_TITLE, USE_CASE_TITLE

__all__ = ["EDITOR_EMAIL", "PASSWORD", "main_pages", "page_paths"]


def page_paths(workshop_id, use_case_id, consultation_number):
    return [
        ("home", "/"),
        ("territories", "/territories"),
        ("a territory", "/territories/large-0001"),
        ("a SWOT", "/territories/large-0001/swot"),
        ("SWOT synthesis", "/swot/synthesis"),
        ("SWOT synthesis CSV", "/swot/synthesis.csv"),
        ("a use case", f"/use-cases/{use_case_id}"),
        ("the live room", f"/workshops/{workshop_id}"),
        ("the live room's state", f"/workshops/{workshop_id}/live/state"),
        ("roadmap version in consultation", f"/roadmap/v/{consultation_number}"),
        ("editors' comment dashboard", f"/roadmap/v/{consultation_number}/comments"),
        ("API: territories", "/api/v1/territories"),
        ("API: a territory", "/api/v1/territories/large-0001"),
        ("API: the published roadmap", "/api/v1/roadmap"),
    ]


def main_pages(env):
    """The pages, with the ids of the large data set read from the database env points at."""
    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as connection:
        workshop_id = connection.execute(text("SELECT id FROM workshop WHERE title = :t"),
                                         {"t": LIVE_WORKSHOP_TITLE}).scalar_one()
        use_case_id = connection.execute(text("SELECT id FROM use_case WHERE title = :t"),
                                         {"t": USE_CASE_TITLE}).scalar_one()
        number = connection.execute(text("SELECT max(number) FROM roadmap_version WHERE state = 'consultation'"))\
            .scalar_one()
    engine.dispose()
    return page_paths(workshop_id, use_case_id, number)
