"""Seeding and server control of the crash-safety test (module names unique in the suite).

The database is prepared through the real services (an agency with logins, cases waiting in
review or collecting facts, an enterprise login per enterprise), then ``ipcredit serve`` runs
as a subprocess on it and is killed with SIGKILL at random points.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "crash-test-pw"


@dataclass
class Seeded:
    review: list[int] = field(default_factory=list)       # cases in_review, ready to issue
    collecting: list[int] = field(default_factory=list)   # cases collecting facts (evidence)
    enterprise_login: dict[int, str] = field(default_factory=dict)  # case id → enterprise username
    fact_paths: dict[int, list[str]] = field(default_factory=dict)  # case id → some fact paths


def seed(uow_factory, on: dt.date, n_review: int, n_collecting: int) -> Seeded:
    """An agency ``CR`` with a project lead login ``lead`` and the cases the test drives."""
    from sqlalchemy import select

    from ipcredit.auth.service import create_user
    from ipcredit.cases.models import Case, CaseFact
    from wf_support import Db, Flow

    class _Db(Db):
        def uow(self):  # noqa: D401 - the test's own unit of work factory
            return uow_factory()

    flow = Flow(_Db("any", None, Path(".")), on=on)
    agency = flow.setup_agency(code_="CR")
    out = Seeded()
    with uow_factory() as uow:
        create_user(uow, "lead", PASSWORD, "project_lead", "负责人", agency_id=agency, person_id=flow.evaluators[0])
    for stage, bucket in (("in_review", out.review), ("collecting", out.collecting)):
        for _ in range(n_review if stage == "in_review" else n_collecting):
            bucket.append(flow.case(stage))
    with uow_factory() as uow:
        for cid in out.review + out.collecting:
            case = uow.s.get(Case, cid)
            name = f"ent{cid}"
            create_user(uow, name, PASSWORD, "enterprise_user", name, enterprise_id=case.enterprise_id)
            out.enterprise_login[cid] = name
            paths = uow.s.scalars(select(CaseFact.path).where(CaseFact.case_id == cid).order_by(CaseFact.path))
            out.fact_paths[cid] = [p for p in paths if p.startswith(("basic.", "capacity."))][:6]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ipcredit_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("ipcredit")
    return [str(exe)] if exe.exists() else [shutil.which("ipcredit") or "ipcredit"]


class Server:
    """``ipcredit serve`` on a fixed port; ``kill()`` is SIGKILL (no shutdown of any kind)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.port = env, log, free_port()
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, seconds: float = 60) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([*ipcredit_cmd(), "serve", "--port", str(self.port)],
                                         env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start in time")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
