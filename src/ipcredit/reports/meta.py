"""Report metadata (§5.4.2 首页): who issues the report, when, under which number and code.

The metadata is what the scoring engine does not know: report number, agency, filing number,
evaluators, issue date, validity, verification code, main opinions, the agency's seal. A
report without issue metadata is a self-assessment draft (草稿/非正式报告).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ipcredit.errors import InputError, Problem

VALIDITY_YEARS = 3
# Crockford-like alphabet without 0/O, 1/I/L, U: easy to read aloud and type.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 3
CODE_GROUP_LEN = 4
DEFAULT_VERIFY_BASE = "http://localhost:8000"
STANDARD = "T/CFIE 002—2023《企业知识产权信用评价标准》"
REPORT_NAME = "企业知识产权信用评价报告"


def valid_until(issue: dt.date, years: int = VALIDITY_YEARS) -> dt.date:
    """Last day of validity (报告有效期限): issue date + 3 years − 1 day.

    The anniversary of 29 February in a common year is 1 March, so a report issued on
    2024-02-29 is valid until 2027-02-28 (three whole years, not a day less).
    """
    try:
        anniversary = issue.replace(year=issue.year + years)
    except ValueError:  # 29 February → 1 March
        anniversary = dt.date(issue.year + years, 3, 1)
    return anniversary - dt.timedelta(days=1)


def new_verification_code() -> str:
    """A random verification code such as ``K7QM-2XRP-9HCV`` (≈ 59 bits)."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LEN)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def normalize_code(code: str) -> str:
    """Upper-case, without spaces, grouped with dashes: what a person typed → stored form."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i:i + CODE_GROUP_LEN] for i in range(0, len(raw), CODE_GROUP_LEN))


@dataclass(frozen=True)
class Agency:
    name: str = "（未指定信用服务机构）"
    filing_number: str = ""
    seal_path: Path | None = None
    verify_base_url: str = DEFAULT_VERIFY_BASE


@dataclass(frozen=True)
class ReportMeta:
    """Everything on the cover that is not a score. ``draft`` marks a non-issued report."""
    agency: Agency = field(default_factory=Agency)
    report_number: str = ""
    evaluators: tuple[str, ...] = ()
    issue_date: dt.date | None = None
    verification_code: str | None = None
    opinions: tuple[str, ...] = ()
    purpose: str = ""
    draft: bool = True

    @property
    def valid_until(self) -> dt.date | None:
        return valid_until(self.issue_date) if self.issue_date else None

    @property
    def verify_url(self) -> str | None:
        if not self.verification_code:
            return None
        return f"{self.agency.verify_base_url.rstrip('/')}/verify/{self.verification_code}"

    def issued(self, *, report_number: str, issue_date: dt.date, code: str | None = None) -> ReportMeta:
        """The same metadata as a formal, issued report."""
        return replace(self, report_number=report_number, issue_date=issue_date,
                       verification_code=code or new_verification_code(), draft=False)


def draft_meta(today: dt.date | None = None) -> ReportMeta:
    """Metadata of a self-assessment draft made from a facts file alone."""
    return ReportMeta(report_number="草稿", issue_date=today or dt.date.today(), draft=True)


class MetaError(InputError):
    """Problems of a report metadata file: always named with the file (a command reads two)."""

    def lines(self) -> list[str]:
        prefix = f"{self.source}: " if self.source else ""
        return [prefix + str(p) for p in self.problems]


def _text_list(value: Any, path: str, problems: list[Problem]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(value)
    problems.append(Problem(path, "应为文本或文本列表 (must be a text or a list of texts)"))
    return ()


def _day(value: Any, path: str, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(path, f"日期应为 YYYY-MM-DD (not a date: {value!r})"))
        return None


def _agency(data: Any, base: Path, problems: list[Problem]) -> Agency:
    if data is None:
        return Agency()
    if not isinstance(data, dict):
        problems.append(Problem("agency", "应为映射 (must be a mapping)"))
        return Agency()
    unknown = set(data) - {"name", "filing_number", "seal", "verify_base_url"}
    problems.extend(Problem(f"agency.{k}", "未知字段 (unknown field)") for k in sorted(unknown))
    seal = data.get("seal")
    seal_path = (base / seal) if isinstance(seal, str) else None
    if seal_path is not None and not seal_path.is_file():
        problems.append(Problem("agency.seal", f"印章图片不存在 (seal image not found: {seal_path})"))
    return Agency(name=str(data.get("name") or Agency.name), filing_number=str(data.get("filing_number") or ""),
                  seal_path=seal_path, verify_base_url=str(data.get("verify_base_url") or DEFAULT_VERIFY_BASE))


META_KEYS = {"agency", "report_number", "evaluators", "issue_date", "verification_code", "opinions", "purpose"}


def parse_meta(data: Any, base: Path = Path("."), source: str | None = None) -> ReportMeta:
    """Report metadata from a YAML mapping (see docs/reports.md); every problem at once.

    The result is a draft: only the issuing workflow (or ``ReportMeta.issued``) makes a
    report formal, because only then is its SHA-256 stored for verification.
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise MetaError([Problem("", "报告信息文件应为映射 (report metadata must be a mapping)")], source)
    problems.extend(Problem(k, "未知字段 (unknown field)") for k in sorted(set(data) - META_KEYS))
    agency = _agency(data.get("agency"), base, problems)
    meta = ReportMeta(
        agency=agency,
        report_number=str(data.get("report_number") or "草稿"),
        evaluators=_text_list(data.get("evaluators"), "evaluators", problems),
        issue_date=_day(data.get("issue_date"), "issue_date", problems),
        verification_code=normalize_code(str(data["verification_code"])) if data.get("verification_code") else None,
        opinions=_text_list(data.get("opinions"), "opinions", problems),
        purpose=str(data.get("purpose") or ""),
    )
    if problems:
        raise MetaError(problems, source)
    return meta
