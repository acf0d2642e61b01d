"""A JSON file of issued reports: the registry the CLI uses when no case database is set up.

The case workflow keeps issued reports in its database; this file-backed registry lets an
agency (and the tests) issue, verify and revoke reports from the command line alone. Writes
are atomic (temporary file + rename): nothing half-written on error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator

from ipcredit.errors import InputError, Problem
from ipcredit.reports.verify import InMemoryRegistry, IssuedReport, Status


def _record(data: dict[str, Any]) -> IssuedReport:
    return IssuedReport(
        report_number=data["report_number"], verification_code=data["verification_code"],
        issue_date=dt.date.fromisoformat(data["issue_date"]), valid_until=dt.date.fromisoformat(data["valid_until"]),
        status=Status(data["status"]), sha256=frozenset(data.get("sha256", [])),
        enterprise=data.get("enterprise", ""), grade=data.get("grade", ""),
    )


def _plain(rec: IssuedReport) -> dict[str, Any]:
    return {"report_number": rec.report_number, "verification_code": rec.verification_code,
            "issue_date": rec.issue_date.isoformat(), "valid_until": rec.valid_until.isoformat(),
            "status": rec.status.value, "sha256": sorted(rec.sha256), "enterprise": rec.enterprise,
            "grade": rec.grade}


class JsonFileRegistry(InMemoryRegistry):
    """`InMemoryRegistry` loaded from and saved to one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        records: list[IssuedReport] = []
        if path.exists():
            try:
                records = [_record(r) for r in json.loads(path.read_text("utf-8"))["reports"]]
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(Problem("--registry", f"已出具报告登记文件无法读取 (unreadable registry {path}: {exc})")) from exc
        super().__init__(records)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        doc = {"schema": "ipcredit/issued-reports-v1", "reports": [_plain(r) for r in self.records.values()]}
        write_atomic(self.path, json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"))


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``<registry>.lock`` for a read-modify-write of the registry, so
    two ``report issue`` commands at once cannot lose each other's record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
