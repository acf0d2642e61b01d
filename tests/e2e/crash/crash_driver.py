"""Drive ``ipcredit serve`` over HTTP as the agency and the enterprises would: issue reports,
deliver them, file and conclude objections, upload evidence. Every request that got a success
answer is recorded as acknowledged (``Ack``): after a crash it must still be there."""

from __future__ import annotations

import hashlib
import random
import re
import threading
from dataclasses import dataclass, field

import httpx

from crash_seed import PASSWORD, Seeded


@dataclass(frozen=True)
class Ack:
    kind: str          # issue | deliver | objection | conclude | evidence
    case_id: int
    detail: tuple = ()


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@dataclass
class Login:
    cookies: httpx.Cookies
    csrf: str


def log_in(url: str, username: str) -> Login:
    with httpx.Client(base_url=url, timeout=30) as c:
        token = csrf_of(c.get("/login").text)
        r = c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 303, (username, r.status_code, r.text[:300])
        page = c.get("/portal" if username.startswith("ent") else "/workspace")
        return Login(httpx.Cookies(c.cookies), csrf_of(page.text))


@dataclass
class World:
    """What the driver knows, shared by its threads (under ``lock``)."""

    seeded: Seeded
    logins: dict[str, Login]
    review: list[int]
    issued: dict[int, int] = field(default_factory=dict)        # case → report id (from the DB)
    delivered: set[int] = field(default_factory=set)
    objections: dict[int, list[int]] = field(default_factory=dict)  # case → open objection ids
    acks: list[Ack] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ack(self, a: Ack) -> None:
        with self.lock:
            self.acks.append(a)


class Driver:
    """One client thread. ``refresh`` reads what the database holds (report and objection ids)
    between crashes; the threads then pick operations at random (seeded)."""

    def __init__(self, world: World, url: str, rng: random.Random) -> None:
        self.w, self.url, self.rng = world, url, rng

    def post(self, user: str, path: str, data: dict, files: dict | None = None) -> httpx.Response:
        login = self.w.logins[user]
        with httpx.Client(base_url=self.url, cookies=login.cookies, timeout=30) as c:
            return c.post(path, data={**data, "csrf_token": login.csrf}, files=files)

    def step(self) -> None:
        choice = self.rng.choice(["issue", "deliver", "objection", "conclude", "evidence", "evidence"])
        getattr(self, f"_{choice}")()

    def _issue(self) -> None:
        with self.w.lock:
            cid = self.w.review.pop(0) if self.w.review else None
        if cid is None:
            return self._evidence()
        r = self.post("lead", f"/cases/{cid}/actions/issue", {})
        if r.status_code == 303:
            self.w.ack(Ack("issue", cid))

    def _deliver(self) -> None:
        with self.w.lock:
            todo = sorted(set(self.w.issued) - self.w.delivered)
        if not todo:
            return
        cid = self.rng.choice(todo)
        r = self.post("lead", f"/cases/{cid}/actions/deliver", {})
        if r.status_code == 303:
            self.w.ack(Ack("deliver", cid))
            with self.w.lock:
                self.w.delivered.add(cid)

    def _objection(self) -> None:
        with self.w.lock:
            cases = sorted(self.w.issued)
        if not cases:
            return
        cid = self.rng.choice(cases)
        path = self.rng.choice(self.w.seeded.fact_paths[cid])
        claim = f"claim-{self.rng.getrandbits(48):012x}"
        r = self.post(self.w.seeded.enterprise_login[cid], "/portal/objections",
                      {"report_id": self.w.issued[cid], "kind": "information", "path": path, "claim": claim})
        if r.status_code == 200 and "异议已受理" in r.text:
            self.w.ack(Ack("objection", cid, (claim,)))

    def _conclude(self) -> None:
        with self.w.lock:
            open_ = [(c, o) for c, ids in self.w.objections.items() for o in ids]
        if not open_:
            return
        cid, oid = self.rng.choice(open_)
        outcome = self.rng.choice(["confirmed", "unverifiable"])
        r = self.post("lead", f"/cases/{cid}/actions/conclude_objection",
                      {"objection_id": oid, "outcome": outcome, "reasons": "经核实 (checked)", "value": ""})
        if r.status_code == 303:
            self.w.ack(Ack("conclude", cid, (oid,)))
        with self.w.lock:
            if oid in self.w.objections.get(cid, []):
                self.w.objections[cid].remove(oid)

    def _evidence(self) -> None:
        cid = self.rng.choice(self.w.seeded.collecting)
        path = self.rng.choice(self.w.seeded.fact_paths[cid])
        size = self.rng.choice([2_000, 300_000, 3_000_000])
        data = b"%PDF-1.4\n" + self.rng.randbytes(size)
        r = self.post("lead", f"/cases/{cid}/actions/attach_evidence", {"path": path},
                      files={"evidence_file": (f"证据{size}.pdf", data, "application/pdf")})
        if r.status_code == 303:
            self.w.ack(Ack("evidence", cid, (path, hashlib.sha256(data).hexdigest(), len(data))))

    def run(self, stop: threading.Event) -> None:
        """Steps until the server dies (a connection error) or ``stop`` is set."""
        while not stop.is_set():
            try:
                self.step()
            except httpx.HTTPError:
                return
