import datetime as dt

import pytest

from ipcredit.reports.verify import (
    InMemoryRegistry, IssuedReport, Status, Verdict, code_in_pdf, sha256_hex, verify_bytes,
)

GENUINE = b"%PDF-1.7 ... /Keywords (ipcredit, AAA, ipcredit-verify:ABCD-EFGH-JKMN) ... %%EOF"


def registry(status=Status.valid) -> InMemoryRegistry:
    rec = IssuedReport("R-1", "ABCD-EFGH-JKMN", dt.date(2026, 3, 20), dt.date(2029, 3, 19), status,
                       frozenset({sha256_hex(GENUINE)}), "甲公司", "AAA")
    return InMemoryRegistry([rec])


@pytest.mark.parametrize(("status", "today", "verdict"), [
    (Status.valid, dt.date(2026, 3, 20), Verdict.valid),
    (Status.valid, dt.date(2029, 3, 19), Verdict.valid),      # last day of validity
    (Status.valid, dt.date(2029, 3, 20), Verdict.expired),
    (Status.revoked, dt.date(2027, 1, 1), Verdict.revoked),
    (Status.cancelled, dt.date(2027, 1, 1), Verdict.cancelled),
])
def test_genuine_file_state(status, today, verdict):
    v = verify_bytes(GENUINE, registry(status), today)
    assert v.verdict is verdict and v.authentic and v.record.report_number == "R-1"
    assert v.ok == (verdict is Verdict.valid)


def test_one_changed_byte_is_altered_not_authentic():
    altered = GENUINE.replace(b"AAA", b"AAB")
    v = verify_bytes(altered, registry(), dt.date(2026, 4, 1))
    assert v.verdict is Verdict.altered and not v.authentic and not v.ok
    assert v.code == "ABCD-EFGH-JKMN" and v.record is not None


def test_file_without_known_code_is_unknown():
    v = verify_bytes(b"%PDF-1.7 draft %%EOF", registry(), dt.date(2026, 4, 1))
    assert v.verdict is Verdict.unknown and v.code is None and v.record is None


def test_code_of_an_unissued_report_is_unknown():
    forged = GENUINE.replace(b"ABCD", b"WXYZ")
    v = verify_bytes(forged, registry(), dt.date(2026, 4, 1))
    assert v.verdict is Verdict.unknown and v.code == "WXYZ-EFGH-JKMN"


def test_registry_lookups_and_updates():
    reg = registry()
    reg.add_digest("ABCD-EFGH-JKMN", "f" * 64)
    assert reg.by_sha256("f" * 64).report_number == "R-1"
    assert reg.by_code("abcd efgh jkmn") is not None
    reg.set_status("ABCD-EFGH-JKMN", Status.revoked)
    assert reg.by_code("ABCD-EFGH-JKMN").status is Status.revoked


def test_code_in_damaged_pdf_falls_back_to_raw_bytes():
    assert code_in_pdf(b"garbage ipcredit-verify:K7QM-2XRP-9HCV garbage") == "K7QM-2XRP-9HCV"
    assert code_in_pdf(b"garbage") is None


def test_code_only_registry_cannot_confirm_a_certificate():
    reg = InMemoryRegistry([IssuedReport("R-2", "WXYZ-EFGH-JKMN", dt.date(2026, 3, 20), dt.date(2029, 3, 19),
                                         Status.valid, frozenset({"0" * 64}), file_kinds=frozenset({"report"}))])
    cert = b"%PDF /Keywords (ipcredit-kind:certificate, ipcredit-verify:WXYZ-EFGH-JKMN) %%EOF"
    report = cert.replace(b"certificate", b"report")
    assert verify_bytes(cert, reg, dt.date(2026, 4, 1)).verdict is Verdict.unconfirmed
    assert verify_bytes(report, reg, dt.date(2026, 4, 1)).verdict is Verdict.altered
