"""批量筛查 (``batch.screen``): upload a facts table (CSV / XLSX / Parquet) or a ZIP of record
tables, score it with `ipcredit.batch` on DuckDB, and see the grade distribution, the score
histogram, the results (paged), every enterprise's problems, and download the results CSV.

Scoring runs synchronously off the event loop (a worker thread), one batch at a time per
process, for at most `WebSettings.batch_max_rows` enterprises (default 20,000); larger sets
are refused with a pointer to ``ipcredit batch score``. Uploads are checked by
`batch_inputs` (size, type by content, ZIP entries) before anything reads them.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
import time
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ipcredit.auth.service import CurrentUser
from ipcredit.errors import InputError, ModelError, Problem
from ipcredit.web import batch_store
from ipcredit.web.batch_inputs import Limits, prepare
from ipcredit.web.security import CSRF, require

SHOWN = ("credit_code", "name", "basic", "capacity", "behavior", "total", "grade", "grade_label")


class Busy(Exception):
    """Another batch is being scored in this process."""


def _data_dir(settings) -> Path:
    from ipcredit.db.settings import get_settings

    return Path(settings.data_dir) if settings.data_dir else Path(get_settings().data_dir)


def _date(text: str, field: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Problem(field, f"日期应为 YYYY-MM-DD，得到 {text!r} (invalid date)")) from None


def _clean(text: str, folder: Path, names: dict[str, str] | None = None) -> str:
    """A message naming the files as the user sent them, without the server's temporary paths."""
    text = str(text)
    for path, given in (names or {}).items():
        text = text.replace(path, given)
    return text.replace(str(folder) + "/unzipped/", "").replace(str(folder) + "/", "")


def run_batch(data: bytes, filename: str, options: dict, settings, owner: int, slot: threading.Semaphore) -> str:
    """Check, score, store; the run id. InputError/ModelError when refused; Busy when occupied."""
    import duckdb

    from ipcredit.batch.run import score_facts_tables, score_records, unreadable
    from ipcredit.batch.summary import histogram_svg, summarise
    from ipcredit.standard.model import bundled_model

    if not slot.acquire(blocking=False):
        raise Busy()
    try:
        limits = Limits(settings.batch_max_bytes, settings.batch_max_unzipped, settings.batch_max_rows)
        with tempfile.TemporaryDirectory(prefix="ipcredit-batch-") as tmp:
            folder, names = Path(tmp), {}
            try:
                inp = prepare(data, filename, folder, limits)
                names = inp.names
                model, started = bundled_model(), time.perf_counter()
                model.profile(options["profile"])
                if inp.kind == "facts":
                    outcome = score_facts_tables(inp.facts, inp.tables.get("records"), options["evaluation_date"],
                                                 model, options["profile"])
                else:
                    if options["evaluation_date"] is None:
                        raise InputError(Problem("evaluation_date", "由原始记录表评价须填写评价日 (evaluation date required)"))
                    outcome = score_records(inp.tables, options["evaluation_date"], options["base_date"], model,
                                            options["profile"])
            except (InputError, ModelError) as exc:
                raise InputError([Problem(_clean(p.path, folder, names), _clean(p.message, folder, names))
                                  for p in exc.problems]) from None
            except duckdb.Error as exc:   # a file DuckDB cannot read as a table (quoting, encoding …)
                raise InputError(Problem(filename, unreadable(exc, lambda text: _clean(text, folder, names)))) from None
            seconds = time.perf_counter() - started
            summary = summarise(outcome.results, outcome.problems, model)
            problems = outcome.problems
            if problems.num_rows:
                import pyarrow as pa

                given = {Path(path).stem: name for path, name in inp.names.items()}   # table → file the user sent
                sources = [given.get(s, _clean(s, folder)) for s in problems.column("source").to_pylist()]
                problems = problems.set_column(problems.schema.get_field_index("source"), "source", pa.array(sources))
            meta = {"owner": owner, "filename": filename, "kind": inp.kind, "rows": inp.rows, "seconds": round(seconds, 2),
                    "profile": outcome.profile, "scored": summary.scored, "with_problems": summary.with_problems,
                    "problems": problems.num_rows, "mean": str(summary.mean) if summary.mean is not None else None,
                    "grades": summary.grades, "created": dt.datetime.now().isoformat(timespec="seconds")}
            svg = histogram_svg(summary, model)
            return batch_store.save(batch_store.root(_data_dir(settings)), outcome.__class__(
                outcome.results, problems, outcome.model, outcome.profile), summary, svg, meta)
    finally:
        slot.release()


def _options(evaluation_date: str, base_date: str, profile: str) -> dict:
    if profile not in ("points", "weights"):
        raise InputError(Problem("profile", f"口径应为 points 或 weights，得到 {profile!r} (unknown profile)"))
    e, b = _date(evaluation_date, "evaluation_date"), _date(base_date, "base_date")
    return {"evaluation_date": e, "base_date": b, "profile": profile}


def build_router(templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    screener = Depends(require("batch.screen"))
    slot = threading.Semaphore(1)

    def form_page(request: Request, user: CurrentUser, problems=(), status: int = 200, flash: str | None = None):
        s = request.app.state.settings
        ctx = {"me": user, "problems": list(problems), "flash": flash, "flash_kind": "error" if flash else "ok",
               "max_rows": s.batch_max_rows, "max_mb": s.batch_max_bytes // 1_000_000, "today": dt.date.today()}
        return templates.TemplateResponse(request, "batch.html", ctx, status_code=status)

    @router.get("/batch", response_class=HTMLResponse)
    def batch_form(request: Request, user: CurrentUser = screener) -> Response:
        return form_page(request, user)

    @router.post("/batch", response_class=HTMLResponse, dependencies=[CSRF])
    async def batch_upload(request: Request, table: UploadFile | None = File(None), evaluation_date: str = Form(""),
                           base_date: str = Form(""), profile: str = Form("points"),
                           user: CurrentUser = screener) -> Response:
        settings = request.app.state.settings
        limit = settings.batch_max_bytes
        too_big = f"文件超过 {limit // 1_000_000} MB 上限；请用命令行 ipcredit batch score 处理大文件 (file too large)"
        if int(request.headers.get("content-length") or 0) > limit + 1_000_000:
            return form_page(request, user, status=413, flash=too_big)
        if table is None or not table.filename:
            return form_page(request, user, status=422, flash="请选择要上传的文件 (choose a file)")
        data = await table.read(limit + 1)
        if len(data) > limit:
            return form_page(request, user, status=413, flash=too_big)
        try:
            options = _options(evaluation_date, base_date, profile)
            run_id = await run_in_threadpool(run_batch, data, table.filename, options, settings, user.id, slot)
        except Busy:
            return form_page(request, user, status=429, flash="另一个批量筛查正在进行，请稍后再试 (another batch is running)")
        except InputError as exc:
            return form_page(request, user, exc.problems, 422, "文件未能评价，见下列问题 (the upload was refused)")
        return RedirectResponse(f"/batch/{run_id}", status_code=303)

    @router.get("/batch/{run_id}", response_class=HTMLResponse)
    def batch_run(request: Request, run_id: str, page: int = 1, ppage: int = 1, user: CurrentUser = screener) -> Response:
        folder, meta = batch_store.open_run(batch_store.root(_data_dir(request.app.state.settings)), run_id, user.id)
        rows, pages = batch_store.page_of(folder / "results.parquet", page, list(SHOWN))
        problems, ppages = batch_store.page_of(folder / "problems.parquet", ppage)
        ctx = {"me": user, "run_id": run_id, "meta": meta, "rows": rows, "page": min(max(page, 1), pages),
               "pages": pages, "problems": problems, "ppage": min(max(ppage, 1), ppages), "ppages": ppages,
               "svg": (folder / "score-histogram.svg").read_text("utf-8")}
        return templates.TemplateResponse(request, "batch_run.html", ctx)

    @router.get("/batch/{run_id}/{name}")
    def batch_file(request: Request, run_id: str, name: str, user: CurrentUser = screener) -> Response:
        if name not in ("results.csv", "problems.csv"):
            from ipcredit.domain_errors import NotFound

            raise NotFound(f"没有文件 {name} (no such file)")
        folder, _ = batch_store.open_run(batch_store.root(_data_dir(request.app.state.settings)), run_id, user.id)
        return FileResponse(folder / name, media_type="text/csv; charset=utf-8", filename=name)

    return router
