"""Export benchmark: our whole export against WeasyPrint alone on the same final HTML.

    .venv/bin/python bench/export_bench.py [--territories 50] [--repeat 3] [--no-swot]

Builds a throw-away SQLite database in a temporary folder (nothing else is touched), fills it
with N generated territories (Markdown descriptions, partners) and, unless --no-swot, a
synthetic four-quadrant SWOT grid in each territory's annex (what the SWOT feature will add),
then measures in one run, alternating the two so that neither gets a warmer cache:

- "whole": request_export + build_export (fingerprint, queries, Jinja, WeasyPrint, progress
  commits, atomic write), as the background job runs it;
- "weasyprint": weasyprint.HTML(string=<the same final HTML>).write_pdf() alone.

Reports the median times, pages per second, the overhead (goal: at most 15 %), and the peak
memory (tracemalloc peak of one whole export, and the process's max RSS).
"""
import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ("données personnelles citoyens mobilité énergie santé alimentation plateforme cloud personnel "
         "coopérative consentement portabilité service public collectivité partenaires gouvernance "
         "confiance sobriété territoire expérimentation usages restitution accompagnement").split()


def sentence(rng, n=14):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def seed(count, rng):
    from roadmap.extensions import db
    from roadmap.process.service import get_process
    from roadmap.territories.models import Organisation, Territory

    get_process()
    territories = []
    for i in range(count):
        description = "\n\n".join(" ".join(sentence(rng) for _ in range(4)) for _ in range(3))
        territories.append(Territory(name=f"Territoire d'Évaluation n° {i + 1}", slug=f"territoire-{i + 1}",
                                     country=rng.choice(["FR", "ES", "FI", "BE", "DE", "IT"]),
                                     kind=rng.choice(["city", "metropolis", "region"]),
                                     description=description))
    db.session.add_all(territories)
    for j in range(count * 2):
        db.session.add(Organisation(name=f"Partenaire {j + 1} — {rng.choice(WORDS).capitalize()}",
                                    kind=rng.choice(["sme", "startup", "association", "research"]),
                                    description=sentence(rng, 18),
                                    territories=rng.sample(territories, 3)))
    db.session.commit()


class SyntheticSwot:
    """Stands in for the SWOT feature's annex section: a four-quadrant grid of 6 items each."""

    order = 10

    def __init__(self, rng):
        self.items = {q: [sentence(rng, 10) for _ in range(6)]
                      for q in ("strengths", "weaknesses", "opportunities", "threats")}

    def html_by_territory(self, ctx, territories):
        from markupsafe import Markup, escape

        quadrants = "".join(
            f'<div class="quadrant quadrant-{q}"><h3>{q.capitalize()}</h3><ul>'
            + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul></div>"
            for q, items in self.items.items())
        grid = Markup(f'<h3>SWOT</h3><div class="swot-grid">{quadrants}</div>')
        return {t.id: grid for t in territories}

    def fingerprint_parts(self, ctx):
        return ["synthetic"]


def whole_export():
    from roadmap.exports import service
    from roadmap.exports.models import Export
    from roadmap.exports.parts import ExportOptions
    from roadmap.extensions import db

    db.session.query(Export).delete()  # no reuse: every run really renders
    db.session.commit()
    started, cpu = time.perf_counter(), time.process_time()
    export, _reused = service.request_export(None, ExportOptions())
    db.session.commit()
    export = service.build_export(export.id)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert export.state.value == "done", export.error
    return elapsed, cpu, export.page_count, export.size_bytes


def weasyprint_alone(html, static_folder):
    import weasyprint

    from roadmap.exports.fetcher import StaticOnlyFetcher
    from roadmap.exports.render import PDF_OPTIONS

    fetcher = StaticOnlyFetcher(static_folder)
    started, cpu = time.perf_counter(), time.process_time()
    # The same HTML to the same kind of PDF (tagged, PDF/UA-1) as the export writes.
    weasyprint.HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).write_pdf(**PDF_OPTIONS)
    return time.perf_counter() - started, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--territories", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-swot", action="store_true")
    args = parser.parse_args()
    count, repeat = max(1, min(args.territories, 300)), max(1, min(args.repeat, 10))  # bounded

    from flask_babel import force_locale
    from flask_migrate import upgrade

    from config import Config
    from roadmap import create_app
    from roadmap.exports.parts import register_territory_annex_section
    from roadmap.exports.render import build_html, fingerprint, make_context

    rng = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="export-bench-") as folder:
        folder = Path(folder)
        app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}",
                         INSTANCE_DIR=folder, EXPORT_DIR=folder / "exports", TESTING=True)
        if not args.no_swot:
            register_territory_annex_section(app, SyntheticSwot(rng))
        with app.app_context(), force_locale("fr"):
            upgrade()
            seed(count, rng)
            html = build_html(make_context())
            weasyprint_alone(html, app.static_folder)  # warm-up: fonts, caches
            ours, alone = [], []
            for _ in range(repeat):
                elapsed, cpu, pages, size = whole_export()
                ours.append((elapsed, cpu))
                alone.append(weasyprint_alone(html, app.static_folder))
            own = []
            for _ in range(repeat):  # our own work outside WeasyPrint: queries, fingerprint, Jinja
                started, cpu = time.perf_counter(), time.process_time()
                ctx = make_context()
                fingerprint(ctx)
                build_html(ctx)
                own.append((time.perf_counter() - started, time.process_time() - cpu))
            tracemalloc.start()
            whole_export()
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()

    t_ours, t_alone = statistics.median(o[0] for o in ours), statistics.median(a[0] for a in alone)
    c_ours, c_alone = statistics.median(o[1] for o in ours), statistics.median(a[1] for a in alone)
    # CPU time is what the export costs; wall time also counts other programs on a shared machine.
    overhead = (c_ours - c_alone) / c_alone * 100
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"data set: {count} territories, {count * 2} partners, synthetic SWOT grids: {not args.no_swot}")
    print(f"document: {pages} pages, {size / 1024:.0f} KiB")
    print(f"whole export (median of {repeat}):  wall {t_ours:.2f} s, CPU {c_ours:.2f} s"
          f"  -> {pages / t_ours:.1f} pages/s (wall), {pages / c_ours:.1f} pages/s (CPU)")
    print(f"WeasyPrint alone, same HTML:        wall {t_alone:.2f} s, CPU {c_alone:.2f} s"
          f"  -> {pages / t_alone:.1f} pages/s (wall), {pages / c_alone:.1f} pages/s (CPU)")
    print(f"of which our own work (queries, fingerprint, Jinja): wall {statistics.median(o[0] for o in own):.2f} s,"
          f" CPU {statistics.median(o[1] for o in own):.2f} s")
    print(f"overhead of our export: {overhead:+.1f} % CPU, {(t_ours - t_alone) / t_alone * 100:+.1f} % wall"
          " (goal: at most 15 %)")
    print("runs (wall s, CPU s): ours " + ", ".join(f"({w:.2f}, {c:.2f})" for w, c in ours)
          + "; alone " + ", ".join(f"({w:.2f}, {c:.2f})" for w, c in alone))
    print(f"peak memory: tracemalloc {peak / 2**20:.0f} MiB during one whole export; max RSS {rss:.0f} MiB")
    return 0 if overhead <= 15 else 1


if __name__ == "__main__":
    sys.exit(main())
