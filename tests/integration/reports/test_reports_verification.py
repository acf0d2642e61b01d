"""Issue real PDFs, then verify genuine, altered, revoked, expired and signed copies."""

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ipcredit.reports.meta import Agency, ReportMeta
from ipcredit.reports.service import Signing, issue, make_view, verify_file
from ipcredit.reports.verify import InMemoryRegistry, Status, Verdict
from ipcredit.standard import parse_facts
from ipcredit.yamlio import load_file

DAY = dt.date(2026, 3, 20)


def self_signed(tmp: Path, name: str) -> tuple[Path, Path]:
    """A self-signed agency certificate with the key usages pyHanko asks of a signer."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")])
    now = dt.datetime.now(dt.timezone.utc)
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
                          key_agreement=False, key_cert_sign=True, crl_sign=False, encipher_only=False, decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(usage, critical=True).sign(key, hashes.SHA256()))
    key_file, cert_file = tmp / f"{name}.key.pem", tmp / f"{name}.cert.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


@pytest.fixture(scope="module")
def view(root):
    facts = parse_facts(load_file(root / "examples" / "demo.yaml"))
    meta = ReportMeta(agency=Agency(name="测试信用评价有限公司", filing_number="备-01"), evaluators=("张三",))
    return make_view(facts, meta.issued(report_number="T-2026-009", issue_date=DAY))


@pytest.fixture(scope="module")
def issued(view):
    registry = InMemoryRegistry()
    return registry, issue(view, registry)


def flip(data: bytes, at: float = 0.5) -> bytes:
    b = bytearray(data)
    b[int(len(b) * at)] ^= 0x01
    return bytes(b)


def test_genuine_report_and_certificate_verify_as_valid(issued):
    registry, files = issued
    for data in (files.report, files.certificate):
        v = verify_file(data, registry, DAY)
        assert v.verdict is Verdict.valid and v.ok and v.signature is None
        assert v.record.report_number == "T-2026-009"


@pytest.mark.parametrize("at", [0.1, 0.5, 0.9])
def test_one_altered_byte_fails_verification(issued, at):
    registry, files = issued
    v = verify_file(flip(files.report, at), registry, DAY)
    assert not v.authentic and not v.ok
    assert v.verdict in (Verdict.altered, Verdict.unknown)


def test_altered_copy_is_recognised_by_its_code(issued):
    registry, files = issued
    v = verify_file(files.report + b"\n% appended\n", registry, DAY)
    assert v.verdict is Verdict.altered and v.code == files.record.verification_code


def test_revoked_and_expired(view):
    registry = InMemoryRegistry()
    files = issue(view, registry)
    assert verify_file(files.report, registry, dt.date(2029, 3, 20)).verdict is Verdict.expired
    registry.set_status(files.record.verification_code, Status.revoked)
    v = verify_file(files.report, registry, DAY)
    assert v.verdict is Verdict.revoked and v.authentic and not v.ok


def test_signed_report_verifies_with_the_agency_certificate(tmp_path, view):
    key, cert = self_signed(tmp_path, "测试信用评价有限公司")
    _, other = self_signed(tmp_path, "其他机构")
    registry = InMemoryRegistry()
    files = issue(view, registry, Signing(key, cert))
    v = verify_file(files.report, registry, DAY, [cert])
    assert v.verdict is Verdict.valid and v.ok
    assert v.signature.intact and v.signature.whole_file and v.signature.trusted
    assert "测试信用评价有限公司" in v.signature.signer
    untrusted = verify_file(files.report, registry, DAY, [other])
    assert untrusted.signature.intact and not untrusted.signature.trusted and not untrusted.ok
    unjudged = verify_file(files.report, registry, DAY)  # no trust roots: integrity only
    assert unjudged.signature.intact and not unjudged.signature.trust_checked and unjudged.ok
    tampered = verify_file(flip(files.report, 0.3), registry, DAY, [cert])
    assert tampered.verdict in (Verdict.altered, Verdict.unknown) and not tampered.ok
    assert tampered.signature is None or not tampered.signature.intact
