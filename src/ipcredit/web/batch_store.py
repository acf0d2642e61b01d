"""Where a web batch-screening run keeps its results: ``<data dir>/batch/<run id>/``.

A run folder holds ``results.parquet`` and ``results.csv``, ``problems.parquet`` and
``problems.csv``, ``score-histogram.svg`` and ``run.json`` (owner, file name, counts,
summary). Only the user who uploaded may open it; runs older than `KEEP` are removed when
the next run is stored. Everything is written to a temporary folder first, then renamed.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from ipcredit.domain_errors import NotFound

KEEP_SECONDS = 7 * 24 * 3600
RUN_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
PAGE_SIZE = 50


def root(data_dir: str | Path) -> Path:
    return Path(data_dir) / "batch"


def prune(base: Path, now: float | None = None) -> None:
    now = now or time.time()
    if not base.is_dir():
        return
    for folder in base.iterdir():
        if folder.is_dir() and now - folder.stat().st_mtime > KEEP_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


def save(base: Path, outcome, summary, svg: str, meta: dict[str, Any]) -> str:
    """Store a run; its id (random, unguessable)."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from ipcredit.spreadsheet_safe import neutralize_table

    base.mkdir(parents=True, exist_ok=True)
    prune(base)
    run_id = secrets.token_urlsafe(18)
    tmp = base / f".{run_id}.tmp"
    tmp.mkdir()
    try:
        pq.write_table(outcome.results, tmp / "results.parquet")
        # names and messages come from the uploaded file: a cell a spreadsheet would read as a
        # formula is written as text (CWE-1236), as `ipcredit batch score` does
        pacsv.write_csv(neutralize_table(outcome.results), tmp / "results.csv")
        pq.write_table(outcome.problems, tmp / "problems.parquet")
        pacsv.write_csv(neutralize_table(outcome.problems), tmp / "problems.csv")
        (tmp / "score-histogram.svg").write_text(svg, encoding="utf-8")
        (tmp / "run.json").write_text(json.dumps(meta, ensure_ascii=False, default=str), encoding="utf-8")
        tmp.rename(base / run_id)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return run_id


def open_run(base: Path, run_id: str, user_id: int) -> tuple[Path, dict[str, Any]]:
    """The run's folder and meta, if it exists and belongs to ``user_id``; else NotFound."""
    folder = base / run_id
    if not RUN_ID.fullmatch(run_id) or not (folder / "run.json").is_file():
        raise NotFound("批量筛查结果不存在或已过期 (no such batch run)")
    meta = json.loads((folder / "run.json").read_text("utf-8"))
    if meta.get("owner") != user_id:
        raise NotFound("批量筛查结果不存在或已过期 (no such batch run)")
    return folder, meta


def page_of(path: Path, page: int, columns: list[str] | None = None) -> tuple[list[dict], int]:
    """Rows of one page (1-based) of a stored Parquet table, and the number of pages."""
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=columns)
    pages = max(1, -(-table.num_rows // PAGE_SIZE))
    page = min(max(1, page), pages)
    return table.slice((page - 1) * PAGE_SIZE, PAGE_SIZE).to_pylist(), pages
