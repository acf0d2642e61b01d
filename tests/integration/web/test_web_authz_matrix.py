"""Authorization matrix: every route of the application (walked from ``app.routes``) called
by every role of ``auth.domain.ROLES``, an anonymous visitor, an enterprise user of another
enterprise (IDOR) and a bank's API client, against an explicit expected table.

A route missing from ``MATRIX`` fails the test: a new route gets its row here (one line).

Columns (``SUBJECTS``): anonymous · admin · project_lead · evaluator · panel_member ·
supervisor · enterprise_user of the probed case's enterprise (enterprise3, case 3) ·
enterprise_user of another enterprise (enterprise1) · bank API client (token, no session).

Outcomes: ``+`` allowed (reaches the handler: 2xx, a redirect that is not to the login page,
or a 409/422 refusal by a workflow rule or the input) · ``-`` 403 forbidden · ``0`` 404 (the
resource's existence is not revealed) · ``?`` login required (303 to /login, or 401 on the API).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from web_auth_support import csrf_of, fresh_demo_db, login

from ipcredit.auth.domain import ROLES
from ipcredit.web.app import create_app

pytestmark = pytest.mark.slow   # renders the demo report's PDF once

SUBJECTS = ("anonymous", "admin", "lead", "evaluator", "reviewer1", "supervisor", "enterprise3", "enterprise1", "bank")
ROLE_OF = {"admin": "admin", "lead": "project_lead", "evaluator": "evaluator", "reviewer1": "panel_member",
           "supervisor": "supervisor", "enterprise3": "enterprise_user", "enterprise1": "enterprise_user"}
FACTS_JSON = {"schema": "ipcredit/facts-v1", "evaluation_date": "2026-03-15",
              "enterprise": {"name": "示例科技有限公司", "credit_code": "91330106MA2B3C4D5D"}}
TINY_PDF = b"%PDF-1.4\n%%EOF\n"
SESSION_CHANGING = ("/login", "/logout")   # called on a client of their own, not the subject's session


@dataclass(frozen=True)
class Probe:
    url: str                       # the concrete request ({sha256}, {code}, {consent} filled in at run time)
    expect: str                    # one outcome per subject, in SUBJECTS order (spaces ignored)
    data: dict = field(default_factory=dict)
    files: dict | None = None
    json: dict | None = None


#            (method, route path)                                       probe URL, expected: anon adm lead eval panel sup ent own/other bank
MATRIX: dict[tuple[str, str], Probe] = {
    ("GET", "/"):                                        Probe("/", "+ ++++ + ++ +"),
    ("GET", "/healthz"):                                 Probe("/healthz", "+ ++++ + ++ +"),
    ("GET", "/openapi.json"):                            Probe("/openapi.json", "+ ++++ + ++ +"),
    ("GET", "/docs"):                                    Probe("/docs", "+ ++++ + ++ +"),
    ("GET", "/static"):                                  Probe("/static/style.css", "+ ++++ + ++ +"),
    ("POST", "/api/v1/evaluate"):                        Probe("/api/v1/evaluate", "+ ++++ + ++ +", json=FACTS_JSON),
    ("POST", "/api/v1/what-if"):                         Probe("/api/v1/what-if", "+ ++++ + ++ +", json=FACTS_JSON),
    ("GET", "/api/v1/disclosures/{credit_code}"):        Probe("/api/v1/disclosures/{ent3_code}", "? ???? ? ?? +"),
    ("GET", "/self-assessment"):                         Probe("/self-assessment", "+ ++++ + ++ +"),
    ("POST", "/self-assessment"):                        Probe("/self-assessment", "+ ++++ + ++ +", {"evaluation_date": "2026-03-15"}),
    ("GET", "/self-assessment/record-row"):              Probe("/self-assessment/record-row", "+ ++++ + ++ +"),
    ("POST", "/self-assessment/upload"):                 Probe("/self-assessment/upload", "+ ++++ + ++ +", files={"facts_file": ("f.yaml", b"schema: x\n", "text/yaml")}),
    ("GET", "/login"):                                   Probe("/login", "+ ++++ + ++ +"),
    ("POST", "/login"):                                  Probe("/login", "+ ++++ + ++ +", {"username": "lead", "password": "ipcredit-demo"}),
    ("POST", "/logout"):                                 Probe("/logout", "+ ++++ + ++ +"),
    ("GET", "/workspace"):                               Probe("/workspace", "? ++++ + -- ?"),
    ("GET", "/cases/{case_id}"):                         Probe("/cases/3", "? ++++ + +0 ?"),
    ("GET", "/cases/{case_id}/evidence/{sha256}"):       Probe("/cases/2/evidence/{sha256}", "? ++++ + -- ?"),
    ("GET", "/templates/records.xlsx"):                  Probe("/templates/records.xlsx", "? +++- - -- ?"),
    ("GET", "/cases/{case_id}/report.pdf"):              Probe("/cases/3/report.pdf", "? ++++ + +0 ?"),
    ("POST", "/cases/{case_id}/actions/{name}"):         Probe("/cases/3/actions/deliver", "? ++-- - -0 ?"),
    ("GET", "/portal"):                                  Probe("/portal", "? ---- - ++ ?"),
    ("POST", "/portal/apply"):                           Probe("/portal/apply", "? ---- - ++ ?", {"agency_id": "999"}),
    ("POST", "/portal/objections"):                      Probe("/portal/objections", "? ---- - ++ ?", {"report_id": "999", "kind": "result"}),
    ("POST", "/portal/consents"):                        Probe("/portal/consents", "? ---- - ++ ?", {"scope": "bogus", "expires_on": "2026-01-01"}),
    ("POST", "/portal/consents/{consent_id}/revoke"):    Probe("/portal/consents/{consent}/revoke", "? ---- - +0 ?"),
    ("GET", "/cases/{case_id}/report.docx"):             Probe("/cases/3/report.docx", "? ++++ + +0 ?"),
    ("GET", "/cases/{case_id}/certificate.pdf"):         Probe("/cases/3/certificate.pdf", "? ++++ + +0 ?"),
    ("GET", "/cases/{case_id}/report-preview"):          Probe("/cases/3/report-preview", "? ++-- - -- ?"),
    ("GET", "/api/v1/cases"):                            Probe("/api/v1/cases", "? ++++ + ++ ?"),
    ("GET", "/api/v1/cases/{case_id}"):                  Probe("/api/v1/cases/3", "? ++++ + +0 ?"),
    ("GET", "/api/v1/cases/{case_id}/scoring"):          Probe("/api/v1/cases/3/scoring", "? ++++ + +0 ?"),
    ("GET", "/supervision"):                             Probe("/supervision", "? +--- + -- ?"),
    ("GET", "/supervision/sampling/{run_id}"):           Probe("/supervision/sampling/999", "? 0--- 0 -- ?"),
    ("POST", "/supervision/sampling"):                   Probe("/supervision/sampling", "? +--- + -- ?", {"year": "2026", "rate": "5"}),
    ("POST", "/supervision/records"):                    Probe("/supervision/records", "? +--- + -- ?", {"credit_code": "bogus"}),
    ("POST", "/supervision/proposals/{proposal_id}/decide"): Probe("/supervision/proposals/999/decide", "? 0--- 0 -- ?", {"decision": "reject"}),
    ("GET", "/batch"):                                   Probe("/batch", "? +++- + -- ?"),
    ("POST", "/batch"):                                  Probe("/batch", "? +++- + -- ?", files={"table": ("t.csv", b"not,a\nfacts,table\n", "text/csv")}),
    ("GET", "/batch/{run_id}"):                          Probe("/batch/nosuchrun", "? 000- 0 -- ?"),
    ("GET", "/batch/{run_id}/{name}"):                   Probe("/batch/nosuchrun/results.csv", "? 000- 0 -- ?"),
    ("GET", "/admin/users"):                             Probe("/admin/users", "? +--- - -- ?"),
    ("POST", "/admin/users"):                            Probe("/admin/users", "? +--- - -- ?", {"username": "", "role": "bogus"}),
    ("POST", "/admin/users/{user_id}/unlock"):           Probe("/admin/users/999/unlock", "? 0--- - -- ?"),
    ("POST", "/admin/users/{user_id}/disable"):          Probe("/admin/users/999/disable", "? +--- - -- ?"),
    ("GET", "/verify"):                                  Probe("/verify", "+ ++++ + ++ +"),
    ("GET", "/verify/{code}"):                           Probe("/verify/{code}", "+ ++++ + ++ +"),
    ("POST", "/verify/upload"):                          Probe("/verify/upload", "+ ++++ + ++ +", files={"report_file": ("r.pdf", TINY_PDF, "application/pdf")}),
}


def all_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route: API routes (also inside included routers), plain
    routes (OpenAPI, docs) and mounts (static files, as GET)."""
    from starlette.routing import Mount, Route

    from ipcredit.web.security import api_routes

    found = {(m, r.path) for r in api_routes(app.routes) for m in r.methods if m != "HEAD"}
    for r in app.routes:
        if isinstance(r, Mount):
            found.add(("GET", r.path))
        elif isinstance(r, Route) and not hasattr(r, "dependant"):
            found |= {(m, r.path) for m in (r.methods or {"GET"}) if m != "HEAD"}
    return found


def outcome(response) -> str:
    status, location = response.status_code, response.headers.get("location", "")
    if status == 401 or (status in (302, 303) and location.startswith("/login")):
        return "?"
    if status == 403:
        return "-"
    if status == 404:
        return "0"
    if status < 400 or status in (409, 422):
        return "+"
    return f"<{status}>"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A database of its own with evidence on case 2, a bank with a consent of enterprise3."""
    from ipcredit.cases.collection import attach_evidence
    from ipcredit.consent.models import Consent
    from ipcredit.consent.service import create_client, grant_consent
    from ipcredit.demo.service import ENTERPRISES

    settings, summary, new_uow = fresh_demo_db(tmp_path_factory.mktemp("authz"))
    with new_uow() as uow:
        sha = attach_evidence(uow, summary["cases"]["collecting"], "capacity.valid_invention_patents",
                              b"%PDF-1.4 evidence", "scan.pdf", "test")
        _, token = create_client(uow, "矩阵测试银行", "test")
    with new_uow() as uow:
        enterprise_id = uow.s.get(Consent, 1).enterprise_id
        client_id = 1
        grant_consent(uow, enterprise_id, "api", client_id, dt.date.today() + dt.timedelta(days=30), "test", dt.date.today())
    fill = {"sha256": sha, "code": summary["report"]["verification_code"], "consent": "1",
            "ent3_code": ENTERPRISES[2][1]}
    return settings, fill, token


def client_for(settings, subject: str, token: str):
    if subject == "anonymous":
        return TestClient(create_app(settings), follow_redirects=False), None
    if subject == "bank":
        c = TestClient(create_app(settings), follow_redirects=False, headers={"Authorization": f"Bearer {token}"})
        return c, None
    c = login(settings, subject)
    return c, c


def call(c, method: str, probe: Probe, fill: dict):
    url = probe.url.format(**fill)
    csrf = csrf_of(c.get("/login").text) if method == "POST" else None
    if method == "GET":
        return c.get(url)
    data = {**probe.data, "csrf_token": csrf}
    if probe.json is not None:
        return c.post(url, json=probe.json, headers={"X-CSRF-Token": csrf})
    return c.post(url, data=data, files=probe.files)


def test_every_route_is_in_the_matrix(world):
    app = create_app(world[0])
    routes = all_routes(app)
    missing = sorted(routes - set(MATRIX))
    assert not missing, f"routes without a row in MATRIX (add one line each): {missing}"
    assert not set(MATRIX) - routes, f"rows for routes that no longer exist: {sorted(set(MATRIX) - routes)}"
    assert set(ROLE_OF.values()) == set(ROLES), "every role of auth.domain.ROLES has a column"


@pytest.mark.parametrize("subject", SUBJECTS)
def test_matrix(world, subject):
    settings, fill, token = world
    c, _ = client_for(settings, subject, token)
    got, want = {}, {}
    for (method, path), probe in MATRIX.items():
        expected = probe.expect.replace(" ", "")
        assert len(expected) == len(SUBJECTS), f"row {method} {path} needs {len(SUBJECTS)} outcomes"
        want[(method, path)] = expected[SUBJECTS.index(subject)]
        own = client_for(settings, subject, token)[0] if path in SESSION_CHANGING else c
        got[(method, path)] = outcome(call(own, method, probe, fill))
    wrong = {k: f"expected {want[k]} got {got[k]}" for k in want if got[k] != want[k]}
    assert not wrong, f"{subject}: {wrong}"
