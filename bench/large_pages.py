"""The main pages of the large data set (seed-large), with paths that are the same every run."""
from roadmap.large import EDITOR_EMAIL, LARGE_PASSWORD as PASSWORD

__all__ = ["EDITOR_EMAIL", "PASSWORD", "main_pages"]


def main_pages(_env):
    return [
        ("home", "/"),
        ("territories", "/territories"),
        ("a territory", "/territories/large-0001"),
        ("a SWOT", "/territories/large-0001/swot"),
        ("SWOT synthesis", "/swot/synthesis"),
        ("SWOT synthesis CSV", "/swot/synthesis.csv"),
    ]
