"""Jinja2 templates of the web pages, with the filters they use."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from fastapi.templating import Jinja2Templates

from ipcredit.standard.decimals import fmt_number, round2
from ipcredit.web.facts_form import dom_id
from ipcredit.web.security import csrf_token, current_user

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
HTMX_FILE = "htmx-2.0.11.min.js"


def _num(value: object) -> str:
    if isinstance(value, Decimal):
        return fmt_number(round2(value))
    return "" if value is None else str(value)


def _signed(value: Decimal) -> str:
    text = _num(value)
    return f"+{text}" if value > 0 else text


def _share(score: Decimal, top: Decimal) -> str:
    """Percent of full marks for a CSS width, e.g. ``72.5``."""
    if not top:
        return "0"
    return str(max(0, min(100, round(float(score / top * 100), 1))))


def _field_label(path: str) -> str:
    from ipcredit.standard.facts import FIELD_LABELS

    extra = {"evaluation_date": "评价日", "base_date": "评价基准日", "enterprise.name": "企业名称",
             "enterprise.credit_code": "统一社会信用代码", "enterprise.industry": "行业代码"}
    if path.startswith("records"):
        return "行为记录"
    return FIELD_LABELS.get(path) or extra.get(path, path)


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.filters.update(num=_num, signed=_signed)
    env.globals.update(share=_share, htmx_file=HTMX_FILE, dom_id=dom_id, csrf_token=csrf_token,
                       current_user=current_user, field_label=_field_label)
    return templates
