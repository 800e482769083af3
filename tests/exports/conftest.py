import pytest

from roadmap.exports import jobs


@pytest.fixture(autouse=True)
def _no_job_left_running():
    yield
    assert jobs.wait_for_jobs(timeout=120), "an export job is still running"
