"""Checks across the cells of one row and across rows (duplicates, unknown enterprises).

Cell types are checked by `ipcredit.facts.convert`; these run on rows whose cells are valid.
Each problem names the file, the row and the column it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ipcredit.errors import Problem
from ipcredit.facts.convert import SPACES

if TYPE_CHECKING:
    from ipcredit.facts.rows import RecordSet, Row

Where = Callable[[str], str]
POSITIVE_KINDS = ("national_award", "provincial_award", "good_record_provincial", "good_record_county")
NEEDS_PATENTS = ("open_license", "pool", "standard")
INDUSTRY = re.compile(r"[A-T](\d{2}(\d{1,2})?)?")


# the blanks a patent number is compared without: every blank (`convert.SPACES`) but the ASCII
# control characters VT, FF and FS–US, which no one types (the batch pipeline's SQL tells numbers
# without a blank from the others with a few cheap tests: `Dialect.patent_key`)
PATENT_BLANKS = "".join(c for c in SPACES if c not in "\x0b\x0c\x1c\x1d\x1e\x1f")
_BLANKS = re.compile(f"[{PATENT_BLANKS}]+")


def patent_key(number: str) -> str:
    """A patent number compared without blanks (spaces, tabs, line breaks, no-break and
    full-width spaces: `PATENT_BLANKS`), case, or a leading ``CN`` / ``ZL``."""
    return re.sub(r"^(CN|ZL)", "", _BLANKS.sub("", number).upper())


def _not_before(row: Row, where: Where, later: str, earlier: str, what: str) -> list[Problem]:
    a, b = row.get(later), row.get(earlier)
    if a is not None and b is not None and a < b:
        return [Problem(where(later), f"{a} 早于{what} {b} ({later} before {earlier})")]
    return []


def _patent_row(row: Row, where: Where) -> list[Problem]:
    problems = [] if row.get("credit_code") or row.get("owner") else [
        Problem(where("credit_code"), "须填写统一社会信用代码或当前专利权人 (credit code or owner required)")]
    problems += _not_before(row, where, "grant_date", "application_date", "申请日")
    problems += _not_before(row, where, "lapse_date", "application_date", "申请日")
    if row.get("legal_status") == "lapsed" and row.get("grant_date") and not (row.get("lapse_date") or row.get("status_date")):
        problems.append(Problem(where("lapse_date"), "已授权专利失效须填写失效日或法律状态变更日 (lapsed patent needs a lapse date)"))
    return problems


def _record_row(row: Row, where: Where) -> list[Problem]:
    kind, problems = row["kind"], []
    if kind == "bad_record" and not row.get("category"):
        problems.append(Problem(where("category"), "失信记录须注明失信类别 (a bad record requires a category)"))
    if kind != "bad_record" and row.get("category"):
        problems.append(Problem(where("category"), "只有失信记录可以有失信类别 (category on a bad record only)"))
    if kind == "infringement":
        deduction = row.get("deduction")
        if deduction is None or not 0 <= deduction <= 10:
            problems.append(Problem(where("deduction"), "侵权认定须给出 0–10 的扣分 (deduction between 0 and 10 required)"))
        if not row.get("reason"):
            problems.append(Problem(where("reason"), "侵权认定须说明扣分理由 (a reason is required)"))
    elif row.get("deduction") is not None:
        problems.append(Problem(where("deduction"), "只有侵权认定可以有扣分 (deduction on an infringement only)"))
    if kind in POSITIVE_KINDS and row.get("repaired_on"):
        problems.append(Problem(where("repaired_on"), "信用修复只适用于减分记录 (a repair applies to deduction records only)"))
    return problems + _not_before(row, where, "repaired_on", "date", "记录日期")


def row_problems(row: Row, where: Where) -> list[Problem]:
    """Rules across the cells of one row of ``row.table``."""
    table = row.table
    if table == "enterprises" and row.get("industry") and not INDUSTRY.fullmatch(row["industry"]):
        return [Problem(where("industry"), f"国民经济行业代码格式错误 '{row['industry']}'，应如 C39 或 C3911 (GB/T 4754 code)")]
    if table == "patents":
        return _patent_row(row, where)
    if table == "records":
        return _record_row(row, where)
    if table == "other_rights":
        return _not_before(row, where, "expiry_date", "registration_date", "登记日")
    if table == "certifications":
        return _not_before(row, where, "expiry_date", "issue_date", "发证日期")
    if table == "rd_yearly" and not 1980 <= row["year"] <= 2100:
        return [Problem(where("year"), f"年度不合理 {row['year']} (implausible year)")]
    if table == "transactions" and row["kind"] in NEEDS_PATENTS and not row.get("patent_numbers"):
        return [Problem(where("patent_numbers"), "开放许可、专利池、融入标准须列出专利号 (patent numbers required)")]
    return []


def _duplicates(rows: list[Row], key: Callable[[Row], object], column: str, what: str) -> list[Problem]:
    first: dict[object, Row] = {}
    problems = []
    for row in rows:
        k = key(row)
        if k in first:
            problems.append(Problem(f"{row.ref} {column}", f"{what}重复，与 {first[k].ref} 相同 (duplicate)"))
        else:
            first[k] = row
    return problems


def set_problems(records: RecordSet) -> list[Problem]:
    """Duplicate enterprises, patent numbers and R&D years; rows of enterprises not listed."""
    problems = _duplicates(records.rows("enterprises"), lambda r: r["credit_code"], "统一社会信用代码", "企业")
    problems += _duplicates(records.rows("patents"), lambda r: patent_key(r["patent_number"]), "申请号", "专利号")
    problems += _duplicates(records.rows("rd_yearly"), lambda r: (r["credit_code"], r["year"]), "年度", "同一企业年度")
    known = set(records.enterprise_codes())
    for name, rows in records.tables.items():
        if name == "enterprises":
            continue
        for row in rows:
            if row["credit_code"] not in known:
                problems.append(Problem(f"{row.ref} 统一社会信用代码",
                                        f"企业 {row['credit_code']} 不在 enterprises 表中 (unknown enterprise)"))
    return problems
