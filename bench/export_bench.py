"""Export benchmark: our whole export against WeasyPrint alone on the same final HTML.

    .venv/bin/python bench/export_bench.py [--territories 50] [--repeat 3]

Builds a throw-away SQLite database in a temporary folder (nothing else is touched), loads
`seed-large` with N territories (their public SWOTs, 300 use cases with alliances, a 40-section
roadmap in 3 versions with its comments), then measures in one run, alternating the two so that
neither gets a warmer cache, the PDF of the current published version:

- "whole": request_export + build_export (fingerprint, queries, Jinja, WeasyPrint, progress
  commits, atomic write), as the background job runs it;
- "weasyprint": weasyprint.HTML(string=<the same final HTML>).write_pdf() alone.

Reports the median times, pages per second, the overhead (goal: at most 15 %), and the peak
memory (tracemalloc peak of one whole export, and the process's max RSS).
"""
import argparse
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def whole_export(options):
    from roadmap.exports import service
    from roadmap.exports.models import Export
    from roadmap.extensions import db

    db.session.query(Export).delete()  # no reuse: every run really renders
    db.session.commit()
    started, cpu = time.perf_counter(), time.process_time()
    export, _reused = service.request_export(None, options)
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
    args = parser.parse_args()
    count, repeat = max(4, min(args.territories, 300)), max(1, min(args.repeat, 10))  # bounded

    from flask_babel import force_locale
    from flask_migrate import upgrade

    from config import Config
    from roadmap import create_app
    from roadmap.exports.render import build_html, fingerprint, make_context
    from roadmap.exports.service import options_for
    from roadmap.extensions import db
    from roadmap.large import seed_large

    with tempfile.TemporaryDirectory(prefix="export-bench-") as folder:
        folder = Path(folder)
        app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}",
                         INSTANCE_DIR=folder, EXPORT_DIR=folder / "exports", TESTING=True)
        with app.app_context(), force_locale("fr"):
            upgrade()
            summary = seed_large(count)
            db.session.commit()
            options = options_for(None)
            html = build_html(make_context(options))
            weasyprint_alone(html, app.static_folder)  # warm-up: fonts, caches
            ours, alone = [], []
            for _ in range(repeat):
                elapsed, cpu, pages, size = whole_export(options)
                ours.append((elapsed, cpu))
                alone.append(weasyprint_alone(html, app.static_folder))
            own = []
            for _ in range(repeat):  # our own work outside WeasyPrint: queries, fingerprint, Jinja
                started, cpu = time.perf_counter(), time.process_time()
                ctx = make_context(options)
                fingerprint(ctx)
                build_html(ctx)
                own.append((time.perf_counter() - started, time.process_time() - cpu))
            tracemalloc.start()
            whole_export(options)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()

    t_ours, t_alone = statistics.median(o[0] for o in ours), statistics.median(a[0] for a in alone)
    c_ours, c_alone = statistics.median(o[1] for o in ours), statistics.median(a[1] for a in alone)
    # CPU time is what the export costs; wall time also counts other programs on a shared machine.
    overhead = (c_ours - c_alone) / c_alone * 100
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("data set: seed-large " + ", ".join(f"{value} {name}" for name, value in summary.items()))
    print(f"exported: {options.version_label or 'no roadmap version'}")
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
