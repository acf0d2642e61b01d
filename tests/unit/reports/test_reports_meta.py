import datetime as dt
import re

import pytest

from ipcredit.errors import InputError
from ipcredit.reports.meta import ReportMeta, new_verification_code, normalize_code, parse_meta, valid_until


@pytest.mark.parametrize(("issue", "until"), [
    ("2026-03-20", "2029-03-19"),
    ("2026-01-01", "2028-12-31"),
    ("2024-02-29", "2027-02-28"),   # anniversary in a common year is 1 March
    ("2025-03-01", "2028-02-29"),   # ends on a leap day
])
def test_valid_until_is_three_years_minus_one_day(issue, until):
    assert valid_until(dt.date.fromisoformat(issue)) == dt.date.fromisoformat(until)


def test_verification_codes_are_grouped_unambiguous_and_distinct():
    codes = {new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){2}", code)


def test_normalize_code_accepts_what_a_person_types():
    assert normalize_code(" k7qm 2xrp-9hcv ") == "K7QM-2XRP-9HCV"


def test_issued_meta_is_formal_with_code_and_validity():
    meta = ReportMeta().issued(report_number="X-1", issue_date=dt.date(2026, 3, 20))
    assert not meta.draft and meta.valid_until == dt.date(2029, 3, 19)
    assert meta.verify_url.endswith(f"/verify/{meta.verification_code}")


def test_parse_meta_reads_fields_and_resolves_seal(tmp_path):
    (tmp_path / "seal.png").write_bytes(b"png")
    meta = parse_meta({"report_number": "R-7", "agency": {"name": "甲机构", "filing_number": "备-1", "seal": "seal.png"},
                       "evaluators": ["张三", "李四"], "issue_date": "2026-05-01", "opinions": "观点"}, tmp_path)
    assert meta.agency.seal_path == tmp_path / "seal.png"
    assert meta.evaluators == ("张三", "李四") and meta.opinions == ("观点",)
    assert meta.draft  # only issuing makes it formal


def test_parse_meta_reports_every_problem(tmp_path):
    with pytest.raises(InputError) as err:
        parse_meta({"issue_date": "2026-13-01", "evaluators": [1], "colour": "red",
                    "agency": {"seal": "missing.png", "x": 1}}, tmp_path, "meta.yaml")
    paths = sorted(p.path for p in err.value.problems)
    assert paths == ["agency.seal", "agency.x", "colour", "evaluators", "issue_date"]
    assert all(line.startswith("meta.yaml: ") for line in err.value.lines())
