"""The derivation rules, one small pure function per rule (SPEC §2.3, docs/data-formats.md).

B is the base date (评价基准日), E the evaluation date. "The window" is the half-open
interval (B − 3 years, B] of `ipcredit.standard.dates.in_window`. Each rule returns
``(counts, reason)``: whether the row counts and a short Chinese reason for the explanation.
The batch engine mirrors these functions in SQL: keep them literal.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ipcredit.facts.rows import Row
from ipcredit.standard.dates import in_window, years_before, window_text

Verdict = tuple[bool, str]
WINDOW_YEARS = 3
GBT_29490_2013_LAST_DAY = dt.date(2025, 12, 31)  # transition to GB/T 29490-2023 ended


def lapse_day(row: Row) -> dt.date | None:
    """失效日: the lapse date; for a row whose status is lapsed without one, the status date."""
    if row.get("lapse_date"):
        return row["lapse_date"]
    if row.get("legal_status") == "lapsed" and row.get("grant_date"):
        return row.get("status_date")
    return None


def patent_in_force(row: Row, base: dt.date) -> Verdict:
    """A patent is in force at B when granted on or before B and its lapse date (the first day
    it is no longer in force) is empty or after B."""
    grant, lapse = row.get("grant_date"), lapse_day(row)
    if grant is None:
        return False, "未授权（审中或驳回）(not granted)"
    if grant > base:
        return False, f"基准日后授权 {grant} (granted after B)"
    if lapse is not None and lapse <= base:
        return False, f"基准日前已失效，失效日 {lapse} (lapsed on or before B)"
    return True, f"有效：{grant} 授权" + (f"，{lapse} 失效" if lapse else "")


def valid_invention(row: Row, base: dt.date) -> Verdict:
    """C1: an invention patent (发明) in force at B."""
    if row["patent_type"] != "invention":
        return False, "非发明专利 (not an invention patent)"
    return patent_in_force(row, base)


def right_held(row: Row, base: dt.date) -> Verdict:
    """C2 (other_rights): registered on or before B and the expiry date (last day in force)
    empty or on/after B."""
    reg, expiry = row["registration_date"], row.get("expiry_date")
    if reg > base:
        return False, f"基准日后登记 {reg} (registered after B)"
    if expiry is not None and expiry < base:
        return False, f"基准日前已到期 {expiry} (expired before B)"
    return True, f"持有：{reg} 登记"


def other_patent_held(row: Row, base: dt.date) -> Verdict:
    """C2 (patents): a utility model or design in force at B."""
    if row["patent_type"] == "invention":
        return False, "发明专利计入 C1 (counted in C1)"
    return patent_in_force(row, base)


def foreign_filed(row: Row, base: dt.date) -> Verdict:
    """C3: a PCT / Madrid / Hague filing dated on or before B (cumulative)."""
    day = row["filing_date"]
    return (True, f"{day} 申请") if day <= base else (False, f"基准日后申请 {day} (filed after B)")


def in_3y_window(day: dt.date, base: dt.date) -> Verdict:
    """近三年: the day lies in (B − 3 years, B]."""
    if in_window(day, base, WINDOW_YEARS):
        return True, f"{day} 在近三年窗口 {window_text(base, WINDOW_YEARS)} 内"
    return False, f"{day} 不在近三年窗口 {window_text(base, WINDOW_YEARS)} 内 (outside the window)"


def transaction_in_window(row: Row, base: dt.date, kinds: tuple[str, ...]) -> Verdict:
    """C4/C5: a registration of one of ``kinds`` whose registration date is in the window."""
    if row["kind"] not in kinds:
        return False, "其他类别"
    return in_3y_window(row["registration_date"], base)


def amount(row: Row) -> Decimal:
    """An amount in 万元; an empty amount counts as 0 (a registration without a declared sum)."""
    return row.get("amount_wan", Decimal(0))


def maintained_over(row: Row, base: dt.date, years: int) -> bool:
    """维持年限超过 N 年: the application date is strictly before B − N years."""
    return row["application_date"] < years_before(base, years)


def has_overseas_family(row: Row, base: dt.date) -> bool:
    """有海外同族: the 海外同族 flag, or a family country other than CN (简单同族国家/地区), or
    a PCT filing (PCT申请日期) on or before B."""
    countries = {c.strip().upper() for c in re.split(r"[;；,，、\s]+", row.get("family_countries", "")) if c.strip()}
    pct = row.get("pct_date")
    return bool(row.get("overseas_family")) or bool(countries - {"CN"}) or (pct is not None and pct <= base)


def pledged_over(key: str, pledges: dict[str, Decimal], threshold: Decimal) -> bool:
    """A single pledge registration on or before B that includes the patent, with an amount
    (of the whole registration, not split among its patents) of at least the threshold."""
    return pledges.get(key, Decimal(-1)) >= threshold


def high_value_conditions(row: Row, base: dt.date, key: str, pledges: dict[str, Decimal],
                          threshold: Decimal, years: int) -> list[str]:
    """The CNIPA high-value conditions a patent meets (a valid invention patent is required
    separately; several conditions still count the patent once)."""
    met = []
    if row.get("strategic_emerging"):
        met.append("战略性新兴产业")
    if has_overseas_family(row, base):
        met.append("有海外同族")
    if maintained_over(row, base, years):
        met.append(f"维持超过 {years} 年")
    if pledged_over(key, pledges, threshold):
        met.append(f"质押融资 ≥ {threshold} 万元")
    if row.get("award"):
        met.append("获中国专利奖或国家科学技术奖")
    return met


def certificate_valid(row: Row, base: dt.date) -> Verdict:
    """B4/B5: issued on or before B, expiry (last valid day) empty or on/after B; a
    GB/T 29490-2013 certificate is not valid after 2025-12-31."""
    issue, expiry = row["issue_date"], row.get("expiry_date")
    if issue > base:
        return False, f"基准日后发证 {issue} (issued after B)"
    if expiry is not None and expiry < base:
        return False, f"基准日前已到期 {expiry} (expired before B)"
    if row["kind"] == "gbt29490_2013" and base > GBT_29490_2013_LAST_DAY:
        return False, "GB/T 29490-2013 证书 2025-12-31 后失效（换版过渡期结束）(2013 edition expired)"
    return True, f"有效：{issue} 发证" + (f"，有效期至 {expiry}" if expiry else "")


def rd_years(base: dt.date) -> tuple[int, ...]:
    """近三年 R&D years: the three latest calendar years ending on or before B."""
    last = base.year if (base.month, base.day) == (12, 31) else base.year - 1
    return (last - 2, last - 1, last)


def record_known_at(row: Row, evaluation: dt.date) -> Verdict:
    """A behaviour record enters the facts when dated on or before E (the engine then applies
    its own windows, statuses and repairs)."""
    if row["date"] > evaluation:
        return False, f"评价日后的记录 {row['date']} (dated after E)"
    return True, f"{row['date']}"
