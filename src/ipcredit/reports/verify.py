"""Is this file an unaltered issued report, and is it valid, expired or revoked?

Pure functions over a small `ReportRegistry` protocol: the issuing workflow stores each
issued file's SHA-256 with the report's number, verification code, validity and status;
verification hashes the file, looks the digest up, and — when the file is not known — reads
the verification code from the PDF's keywords to tell an *altered* copy of an issued report
from an unknown file. `InMemoryRegistry` serves tests and the file-based CLI registry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Protocol

from ipcredit.reports.meta import normalize_code
from ipcredit.reports.render import KEYWORD_PREFIX, KIND_PREFIX
from ipcredit.reports.sign import SignatureCheck

_CODE_IN_BYTES = re.compile(rb"ipcredit-verify:([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
_KIND_IN_BYTES = re.compile(rb"ipcredit-kind:([a-z]+)")


class Status(str, Enum):
    valid = "valid"
    revoked = "revoked"
    cancelled = "cancelled"


@dataclass(frozen=True)
class IssuedReport:
    """What the issuing workflow stores for one issued report (and its certificate)."""
    report_number: str
    verification_code: str
    issue_date: dt.date
    valid_until: dt.date
    status: Status
    sha256: frozenset[str] = field(default_factory=frozenset)   # digests of the issued files
    enterprise: str = ""
    grade: str = ""
    file_kinds: frozenset[str] = frozenset({"report", "certificate"})  # kinds whose digests are stored


class ReportRegistry(Protocol):
    def by_code(self, code: str) -> IssuedReport | None: ...
    def by_sha256(self, digest: str) -> IssuedReport | None: ...


class InMemoryRegistry:
    """A registry in a dict: tests, and the state behind `JsonFileRegistry`."""

    def __init__(self, records: list[IssuedReport] = ()) -> None:
        self.records: dict[str, IssuedReport] = {r.verification_code: r for r in records}

    def add(self, record: IssuedReport) -> None:
        self.records[record.verification_code] = record

    def add_digest(self, code: str, digest: str) -> None:
        rec = self.records[code]
        self.records[code] = replace(rec, sha256=rec.sha256 | {digest})

    def set_status(self, code: str, status: Status) -> None:
        self.records[code] = replace(self.records[code], status=status)

    def by_code(self, code: str) -> IssuedReport | None:
        return self.records.get(normalize_code(code))

    def by_sha256(self, digest: str) -> IssuedReport | None:
        return next((r for r in self.records.values() if digest in r.sha256), None)


class Verdict(str, Enum):
    valid = "valid"            # unaltered issued report, within validity
    expired = "expired"        # unaltered, past valid_until
    revoked = "revoked"        # unaltered, revoked by the agency (§6.4)
    cancelled = "cancelled"    # unaltered, cancelled (e.g. false materials, §6.3)
    altered = "altered"        # carries an issued report's code, but the bytes differ
    unconfirmed = "unconfirmed"  # an issued code, but no digest of this kind of file is stored
    unknown = "unknown"        # no issued report matches the file


VERDICT_TEXT = {
    Verdict.valid: "有效：与出具时的文件完全一致，且在有效期内",
    Verdict.expired: "已过期：文件未被改动，但已超过报告有效期限",
    Verdict.revoked: "已撤销：文件未被改动，但该报告已被信用服务机构撤销",
    Verdict.cancelled: "已取消：文件未被改动，但该评价结果已被取消",
    Verdict.altered: "不真实：文件带有已出具报告的验证码，但内容与出具时不一致（已被改动）",
    Verdict.unconfirmed: "无法确认：验证码对应已出具报告，但未登记此类文件的 SHA-256，不能确认文件未被改动（请以验证码在核验页面查询）",
    Verdict.unknown: "无法核实：没有与该文件对应的已出具报告（可能是草稿或伪造）",
}


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    sha256: str
    code: str | None
    record: IssuedReport | None
    signature: SignatureCheck | None = None

    @property
    def authentic(self) -> bool:
        return self.verdict in (Verdict.valid, Verdict.expired, Verdict.revoked, Verdict.cancelled)

    @property
    def ok(self) -> bool:
        sig_ok = self.signature is None or not self.signature.signed or self.signature.ok
        return self.verdict is Verdict.valid and sig_ok


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _keyword(data: bytes, prefix: str, raw: re.Pattern[bytes]) -> str | None:
    try:
        from pypdf import PdfReader

        keywords = (PdfReader(io.BytesIO(data), strict=False).metadata or {}).get("/Keywords") or ""
    except Exception:  # pypdf raises many types on damaged files: fall back to the bytes
        keywords = ""
    for part in str(keywords).split(","):
        part = part.strip()
        if part.startswith(prefix):
            return part[len(prefix):]
    found = raw.search(data)
    return found.group(1).decode() if found else None


def code_in_pdf(data: bytes) -> str | None:
    """The verification code from the PDF's keywords (or, for a damaged file, its raw bytes)."""
    code = _keyword(data, KEYWORD_PREFIX, _CODE_IN_BYTES)
    return normalize_code(code) if code else None


def kind_in_pdf(data: bytes) -> str:
    """``report`` or ``certificate`` (files made before kinds were written count as reports)."""
    return _keyword(data, KIND_PREFIX, _KIND_IN_BYTES) or "report"


def state_on(record: IssuedReport, today: dt.date) -> Verdict:
    if record.status is Status.revoked:
        return Verdict.revoked
    if record.status is Status.cancelled:
        return Verdict.cancelled
    return Verdict.expired if today > record.valid_until else Verdict.valid


def verify_bytes(data: bytes, registry: ReportRegistry, today: dt.date,
                 signature: SignatureCheck | None = None) -> Verification:
    """The verdict on a file's bytes (pure: the registry and today's date are given)."""
    digest = sha256_hex(data)
    record = registry.by_sha256(digest)
    if record is not None:
        return Verification(state_on(record, today), digest, record.verification_code, record, signature)
    code = code_in_pdf(data)
    record = registry.by_code(code) if code else None
    if record is None:
        return Verification(Verdict.unknown, digest, code, None, signature)
    known = kind_in_pdf(data) in record.file_kinds
    return Verification(Verdict.altered if known else Verdict.unconfirmed, digest, code, record, signature)
