"""Benchmark report rendering: prints medians (seconds) and ratios; no assertions.

    .venv/bin/python bench/report.py [--runs 7]

Measures, on examples/sample-a.yaml with an issued meta and the demo seal:
first report in a fresh process (imports + font configuration + first layout), a full PDF
report with the warm renderer, a cold renderer per report, the certificate, DOCX, HTML, and
the PDF with WeasyPrint's fontTools subsetting instead of HarfBuzz (what machines without
libharfbuzz-subset0 get).
"""

from __future__ import annotations

import argparse
import os
import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLD = """
import time, datetime as dt; t = time.perf_counter()
from pathlib import Path
from ipcredit.reports.meta import Agency, ReportMeta
from ipcredit.reports.service import Format, make_view, render
from ipcredit.standard import parse_facts
from ipcredit.yamlio import load_file
facts = parse_facts(load_file(Path('examples/sample-a.yaml')))
meta = ReportMeta(agency=Agency(name='浙江知信信用评价有限公司', seal_path=Path('examples/demo-seal.png')))
render(make_view(facts, meta.issued(report_number='B-1', issue_date=dt.date(2026, 3, 20))), Format.pdf)
print(time.perf_counter() - t)
"""


def timed(fn, runs: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds (CPU time is steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.thread_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    from ipcredit.reports import render as rmod
    from ipcredit.reports.meta import Agency, ReportMeta
    from ipcredit.reports.service import Format, make_view, render, render_certificate
    from ipcredit.standard import parse_facts
    from ipcredit.yamlio import load_file

    facts = parse_facts(load_file(ROOT / "examples" / "sample-a.yaml"))
    meta = ReportMeta(agency=Agency(name="浙江知信信用评价有限公司", seal_path=ROOT / "examples" / "demo-seal.png"))
    meta = meta.issued(report_number="B-1", issue_date=dt.date(2026, 3, 20))
    cold_proc = [float(subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True,
                                      check=True).stdout) for _ in range(3)]
    view = make_view(facts, meta)
    render(view, Format.pdf)  # warm up
    rows = [
        ("first report in a fresh process", (statistics.median(cold_proc), float("nan"))),
        ("view model (evaluate + what-if + charts)", timed(lambda: make_view(facts, meta), runs)),
        ("full PDF report, warm renderer", timed(lambda: render(make_view(facts, meta), Format.pdf), runs)),
        ("full PDF report, new renderer each time", timed(lambda: rmod.PdfRenderer().report(view), runs)),
        ("certificate PDF, warm", timed(lambda: render_certificate(view), runs)),
        ("DOCX report", timed(lambda: render(view, Format.docx), runs)),
        ("HTML report", timed(lambda: render(view, Format.html), runs)),
    ]
    import weasyprint.pdf.fonts as wfonts

    saved, wfonts.harfbuzz_subset = wfonts.harfbuzz_subset, None
    try:
        rows.append(("full PDF, fontTools subsetting (no HarfBuzz)", timed(lambda: render(view, Format.pdf), max(3, runs // 2))))
    finally:
        wfonts.harfbuzz_subset = saved
    warm = rows[2][1][0]
    print(f"report rendering — median of {runs} runs; sample-a, 5 pages, seal, QR; load average {os.getloadavg()[0]:.2f}")
    print(f"  {'':<48} {'wall':>8}   {'CPU':>8}   ratio to warm PDF (wall)")
    for name, (wall, cpu) in rows:
        cpu_text = "      —" if cpu != cpu else f"{cpu:7.4f}"
        print(f"  {name:<48} {wall:7.4f}s   {cpu_text}s   {wall / warm:5.2f}×")


if __name__ == "__main__":
    main()
