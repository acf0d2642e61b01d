"""Optional PDF digital signature with the agency's certificate (pyHanko), and its check.

Signing happens before the SHA-256 is stored, so the stored digest is that of the signed
file. The check says whether the signature is intact (the signed bytes are unchanged),
whether it covers the whole file (nothing appended after signing) and whether the signer's
certificate chains to a trust root the verifier gives (the agency's CA or certificate).
"""

from __future__ import annotations

import contextlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from ipcredit.errors import InputError, Problem


@contextlib.contextmanager
def _quiet(*names: str):
    loggers = [logging.getLogger(n) for n in names]
    before = [lg.disabled for lg in loggers]
    for lg in loggers:
        lg.disabled = True
    try:
        yield
    finally:
        for lg, was in zip(loggers, before):
            lg.disabled = was


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    intact: bool = False
    whole_file: bool = False
    trusted: bool = False
    signer: str = ""
    trust_checked: bool = False   # trust roots were given; without them the signer is not judged

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.whole_file and (self.trusted or not self.trust_checked)


def sign_pdf(data: bytes, key_file: Path, cert_file: Path, passphrase: bytes | None = None,
             reason: str = "知识产权信用评价报告出具") -> bytes:
    """The PDF signed with the agency's key and certificate (PEM or DER files)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(str(key_file), str(cert_file), key_passphrase=passphrase)
    if signer is None:
        raise InputError(Problem("--sign-key", f"无法读取签名私钥或证书 (cannot load key {key_file} / certificate {cert_file})"))
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(field_name="AgencySignature", reason=reason)
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue()


def _load_cert(path: Path):
    from pyhanko.keys import load_cert_from_pemder

    try:
        return load_cert_from_pemder(str(path))
    except (OSError, ValueError) as exc:
        raise InputError(Problem("--trust", f"无法读取信任证书 (cannot read certificate {path}: {exc})")) from exc


def check_signature(data: bytes, trust_roots: list[Path] = ()) -> SignatureCheck:
    """The state of the last signature in the PDF; unsigned → ``SignatureCheck(signed=False)``."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        sigs = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except (PdfReadError, ValueError, KeyError):
        return SignatureCheck(signed=False)
    if not sigs:
        return SignatureCheck(signed=False)
    roots = [_load_cert(p) for p in trust_roots]
    ctx = ValidationContext(trust_roots=roots, allow_fetching=False)  # no roots: integrity only
    with _quiet("pyhanko", "pyhanko_certvalidator"):  # untrusted chains are logged with tracebacks
        try:
            status = validate_pdf_signature(sigs[-1], ctx, key_usage_settings=KeyUsageConstraints())
        except Exception:  # a damaged signature container: not intact, whatever the reason
            return SignatureCheck(signed=True, trust_checked=bool(roots))
    return SignatureCheck(
        signed=True, intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        trusted=bool(roots) and bool(status.trusted), signer=status.signing_cert.subject.human_friendly,
        trust_checked=bool(roots),
    )
