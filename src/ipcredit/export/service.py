"""``export --deidentify``: one row per evaluated case (its latest issued report), written as
Parquet and CSV with a report of what was suppressed."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import RuleViolation
from ipcredit.export.domain import QUASI_IDENTIFIERS, evaluation_row, k_anonymous


def _latest_reports(uow: UnitOfWork):
    from ipcredit.issuance.models import IssuedReport

    latest = select(func.max(IssuedReport.id)).group_by(IssuedReport.case_id)
    return uow.s.scalars(select(IssuedReport).where(IssuedReport.id.in_(latest)).order_by(IssuedReport.id))


def collect(uow: UnitOfWork, key: bytes) -> list[dict[str, Any]]:
    from ipcredit.cases.models import Case, Scoring

    rows = []
    for report in _latest_reports(uow):
        scoring = uow.s.get(Scoring, report.scoring_id)
        if scoring is None or scoring.result is None:   # redacted after 5 years: not exported
            continue
        case = uow.s.get(Case, report.case_id)
        row = evaluation_row(case.enterprise.credit_code, scoring.result, key)
        row["grade"], row["total"] = report.grade, Decimal(report.total)
        rows.append(row)
    return rows


def export_deidentified(uow: UnitOfWork, out_dir: Path, k: int) -> dict[str, Any]:
    from ipcredit.audit.service import record_read
    from ipcredit.security import keyring

    if k < 2:
        raise RuleViolation(f"--k 至少为 2，得到 {k} (k must be at least 2)")
    ring = keyring.load()
    if not ring.pseudonym_primary or ring.pseudonym_primary not in ring.pseudonym_keys:
        raise RuleViolation("密钥环中没有假名密钥 pseudonym key，请用 ipcredit keys init 新建的密钥环 (no pseudonym key)")
    rows = collect(uow, ring.pseudonym_keys[ring.pseudonym_primary])
    kept, rows_out, groups_out = k_anonymous(rows, k)
    columns = _columns(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_csv(out_dir / "evaluations.csv", columns, kept)
    _write_parquet(out_dir / "evaluations.parquet", columns, kept)
    report = {"rows": len(kept), "evaluated": len(rows), "suppressed_rows": rows_out, "suppressed_groups": groups_out,
              "k": k, "quasi_identifiers": list(QUASI_IDENTIFIERS), "pseudonym_key": ring.pseudonym_primary,
              "files": ["evaluations.csv", "evaluations.parquet"]}
    (out_dir / "export-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    record_read(uow, "export", "export", out_dir.name,
                f"去标识化导出 {len(kept)} 行，抑制 {rows_out} 行 (de-identified export, k={k})")
    return report


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    cols: list[str] = []
    for row in rows:
        cols.extend(c for c in row if c not in cols)
    return cols


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in columns} for r in rows)


def _write_parquet(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = [pa.field(c, pa.decimal128(9, 2) if c == "total" or c.startswith(("dim_", "ind_")) else pa.string())
              for c in columns]
    schema = pa.schema(fields)
    table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=schema)
    pq.write_table(table, path)
