"""Read models of the agency workspace: the dashboard and a case page (queries only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import select

from ipcredit.auth.service import CurrentUser
from ipcredit.domain_errors import NotFound

EXPIRY_WINDOW = dt.timedelta(days=90)
EVENT_LABELS = {
    "applied": "提交评价申请", "transition": "状态变更", "member_assigned": "指派项目组成员",
    "facts_imported": "导入事实", "fact_set": "录入事实", "fact_verified": "核验事实",
    "evidence_attached": "上传证据", "interview_recorded": "记录现场访谈", "scored": "计分",
    "confidentiality_signed": "签署保密承诺", "vote_cast": "表决", "panel_decided": "评审结论",
    "archived_papers": "工作底稿归档", "report_delivered": "送达报告", "report_file_stored": "登记报告文件",
    "objection_filed": "提出异议", "objection_concluded": "异议办结", "reevaluated": "复评",
    "report_changed": "报告变更", "enterprise_notified": "通知企业", "revocation_proposed": "建议撤销",
    "recheck_opened": "复核", "objection_deadline_recomputed": "重算异议期限",
}


def grouped_timeline(events: list[dict]) -> list[dict]:
    """Newest first, with runs of the same action (e.g. 35 facts verified) shown once ×n."""
    from ipcredit.cases.domain import STATE_LABELS

    out: list[dict] = []
    for e in events:
        label = EVENT_LABELS.get(e["action"], e["action"])
        if e["action"] == "transition" and e["to"]:
            label = f"转为「{STATE_LABELS.get(e['to'], e['to'])}」"
        last = out[-1] if out else None
        if last and last["action"] == e["action"] and e["action"] != "transition" and last["reason"] == e["reason"]:
            last["count"] += 1
            last["at"] = e["at"]
            continue
        out.append({**e, "label": label, "count": 1})
    return list(reversed(out))


def case_for(u, case_id: int, user: CurrentUser):
    """The case if this user may see it (own agency, or own enterprise); else NotFound."""
    from ipcredit.cases.models import Case

    case = u.s.get(Case, case_id)
    visible = case is not None and (
        (user.role == "enterprise_user" and case.enterprise_id == user.enterprise_id)
        or (user.role != "enterprise_user" and case.agency_id == user.agency_id))
    if not visible:
        raise NotFound(f"案件 {case_id} 不存在或无权查看 (no such case)")
    return case


def dashboard(u, user: CurrentUser, today: dt.date) -> dict[str, Any]:
    from ipcredit.cases.domain import STATE_LABELS
    from ipcredit.cases.service import list_cases
    from ipcredit.issuance.models import IssuedReport
    from ipcredit.objections.service import list_objections

    cases = list_cases(u, user.agency_id)
    for c in cases:
        c["state_label"] = STATE_LABELS[c["state"]]
    counts = Counter(c["state"] for c in cases)
    ids = {c["id"] for c in cases}
    objections = [o for o in list_objections(u) if o["case_id"] in ids and o["status"] == "open"]
    objections.sort(key=lambda o: o["due_on"] or "9999")
    expiring = list(u.s.scalars(select(IssuedReport).where(
        IssuedReport.agency_id == user.agency_id, IssuedReport.status == "valid",
        IssuedReport.valid_until <= today + EXPIRY_WINDOW).order_by(IssuedReport.valid_until)))
    return {"cases": cases, "counts": [(s, STATE_LABELS[s], counts[s]) for s in STATE_LABELS if counts[s]],
            "objections": objections, "expiring": expiring, "today": today}


def _people(u, agency_id: int) -> dict[str, list[tuple[int, str]]]:
    from ipcredit.agencies.models import Person

    out: dict[str, list[tuple[int, str]]] = {"evaluator": [], "reviewer": [], "expert": []}
    for p in u.s.scalars(select(Person).where(Person.agency_id == agency_id).order_by(Person.id)):
        out.setdefault(p.kind, []).append((p.id, p.name))
    return out


def _panel(u, case_id: int) -> dict | None:
    from ipcredit.reviews.models import Panel
    from ipcredit.reviews.service import panel_view

    pid = u.s.scalars(select(Panel.id).where(Panel.case_id == case_id).order_by(Panel.id.desc())).first()
    return panel_view(u, pid) if pid else None


def _report(u, case_id: int):
    from ipcredit.reports.case_source import latest_report_of_case

    try:
        return latest_report_of_case(u.s, case_id)
    except NotFound:
        return None


def case_page(u, case, user: CurrentUser) -> dict[str, Any]:
    from ipcredit.cases.collection import facts_listing
    from ipcredit.cases.repository import draft_scoring
    from ipcredit.cases.service import case_summary, case_timeline
    from ipcredit.objections.service import list_objections

    scoring = draft_scoring(u.s, case.id)
    agency_user = user.role != "enterprise_user"
    return {
        "case": case_summary(u, case.id), "timeline": grouped_timeline(case_timeline(u, case.id)),
        "facts": facts_listing(u, case.id) if agency_user else [],
        "scoring": scoring.result if scoring is not None and agency_user else None,
        "panel": _panel(u, case.id) if agency_user else None,
        "report": _report(u, case.id), "objections": list_objections(u, case.id),
        "people": _people(u, case.agency_id) if agency_user else {},
    }
