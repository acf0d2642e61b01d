"""HTML/script/template injection in every user text field is rendered as text: enterprise
name, user display names, interview place/names/summary, reasons, verification notes,
objection claims, evidence file names, and the HTMX fragment of the calculator.

Each page is parsed: no inline <script>, no on* attribute, no javascript: link, no injected
<img> — and the payload is there, escaped, so the check is not vacuous."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from web_auth_support import csrf_of, fresh_demo_db, login

from ipcredit.web.app import create_app

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{7*7}}javascript:alert(1)'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
FACT = "capacity.valid_invention_patents"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class Inspector(HTMLParser):
    """Collects what an injection would create."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if not re.match(r"^(http://testserver)?/static/[\w.-]+\.js$", attrs.get("src") or ""):
                self.problems.append(f"inline or foreign script {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in <{tag} {name}>")
        if tag == "img" and attrs.get("src") == "x":
            self.problems.append("injected <img>")


def assert_safe(html: str, must_show: bool = True) -> None:
    inspector = Inspector()
    inspector.feed(html)
    assert not inspector.problems, inspector.problems
    if must_show:
        assert ESCAPED in html and "{{7*7}}" in html, "the payload should be on this page, escaped"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Demo data plus an enterprise, its user and an evaluator whose names are the payload."""
    from ipcredit.auth.service import create_user
    from ipcredit.cases.service import apply_for_evaluation
    from ipcredit.demo.service import credit_code

    settings, summary, new_uow = fresh_demo_db(tmp_path_factory.mktemp("inject"))
    with new_uow() as uow:
        agency = summary["agency_id"]
        case_id = apply_for_evaluation(uow, agency, credit_code("91330106MA2X55001"), PAYLOAD, "test", dt.date.today())
        from ipcredit.cases.models import Case

        enterprise_id = uow.s.get(Case, case_id).enterprise_id
        create_user(uow, "xss-ent", "xss-password-1", "enterprise_user", PAYLOAD, enterprise_id=enterprise_id)
        create_user(uow, "xss-eval", "xss-password-1", "evaluator", PAYLOAD, agency_id=agency)
    return settings, summary, case_id


def _act(client, case_id: int, name: str, data: dict, files=None):
    page = client.get(f"/cases/{case_id}")
    return client.post(f"/cases/{case_id}/actions/{name}", data={"csrf_token": csrf_of(page.text), **data}, files=files)


def test_workflow_texts_are_escaped_on_the_case_page_and_dashboard(hostile):
    settings, summary, case_id = hostile
    ev = login(settings, "xss-eval", "xss-password-1")
    collecting = summary["cases"]["collecting"]
    r = _act(ev, collecting, "interview", {"place": PAYLOAD, "interviewer": PAYLOAD, "interviewees": PAYLOAD,
                                           "summary": PAYLOAD})
    assert r.status_code == 303, r.text
    r = _act(ev, collecting, "attach_evidence", {"path": FACT}, {"evidence_file": (PAYLOAD + ".png", PNG, "image/png")})
    assert r.status_code == 303, r.text
    r = _act(ev, collecting, "verify_fact", {"path": FACT, "status": "unverifiable", "note": PAYLOAD})
    assert r.status_code == 303, r.text
    lead = login(settings, "lead")
    assert _act(lead, case_id, "reject", {"reason": PAYLOAD}).status_code == 303
    for client, url in ((ev, f"/cases/{collecting}"), (lead, f"/cases/{case_id}"), (ev, "/workspace"),
                        (lead, "/workspace")):
        page = client.get(url)
        assert page.status_code == 200
        assert_safe(page.text)
    assert 'onerror=alert(1)&gt;{{7*7}}javascript:alert(1).png</a>' in ev.get(f"/cases/{collecting}").text


def test_the_portal_escapes_the_enterprise_name_user_name_and_objection_claims(hostile):
    settings, summary, _ = hostile
    ent = login(settings, "xss-ent", "xss-password-1")
    assert_safe(ent.get("/portal").text)
    owner = login(settings, "enterprise3")
    page = owner.get("/portal")
    r = owner.post("/portal/objections", data={"csrf_token": csrf_of(page.text), "report_id": summary["report"]["id"],
                                               "kind": "information", "path": FACT, "claim": PAYLOAD})
    assert r.status_code == 200 and "异议已受理" in r.text
    assert_safe(r.text, must_show=False)
    lead = login(settings, "lead")
    case_page = lead.get(f"/cases/{summary['cases']['issued']}").text
    assert_safe(case_page, must_show=False)
    assert "<script>alert" not in case_page


def test_htmx_fragments_and_error_pages_escape_input(hostile):
    settings, _, _ = hostile
    c = TestClient(create_app(settings))
    token = csrf_of(c.get("/self-assessment").text)
    form = {"enterprise.name": PAYLOAD, "enterprise.credit_code": "91330106MA2B3C4D5D",
            "evaluation_date": "2026-03-15", "csrf_token": token}
    r = c.post("/self-assessment", data=form, headers={"HX-Request": "true"})   # the HTMX result fragment
    assert r.status_code == 200 and "评价日" in r.text
    assert_safe(r.text)
    r = c.post("/self-assessment", data=form)                                    # the whole page, value="…" attributes
    assert_safe(r.text)
    r = c.post("/self-assessment", data={**form, "enterprise.credit_code": PAYLOAD}, headers={"HX-Request": "true"})
    assert_safe(r.text, must_show=False)
    r = c.get("/verify/" + PAYLOAD.replace("/", "%2F"))
    assert r.status_code in (404, 200) and "<script>alert" not in r.text
    assert_safe(r.text, must_show=False)
    r = c.get("/login", params={"next": "javascript:alert(1)"})
    assert_safe(r.text, must_show=False)
    assert 'value="javascript:' not in r.text


def test_the_inspector_catches_what_it_looks_for():
    """The checks above could not pass on an unescaped page."""
    for bad in ("<p><script>alert(1)</script></p>", '<a href="javascript:alert(1)">x</a>',
                '<img src=x onerror=alert(1)>', '<div onclick="x()">'):
        inspector = Inspector()
        inspector.feed(bad)
        assert inspector.problems, bad
    with pytest.raises(AssertionError):
        assert_safe("<p>no payload here</p>")
