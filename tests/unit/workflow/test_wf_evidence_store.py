"""Content-addressed evidence store: types, size limit, checksum on read."""

import pytest

from ipcredit.cases import evidence
from ipcredit.domain_errors import RuleViolation


def test_types_detected_on_content(tmp_path):
    assert evidence.detect_type(b"%PDF-1.7 x", "a.bin") == "application/pdf"
    assert evidence.detect_type(b"\x89PNG\r\n\x1a\nxx", "a") == "image/png"
    assert evidence.detect_type("名称,金额\n".encode(), "a.csv") == "text/csv"
    assert evidence.detect_type(b"PK\x03\x04rest", "a.docx").endswith("wordprocessingml.document")
    for data, name in [(b"MZ\x90", "a.pdf"), (b"\xff\xfe\x00", "a.txt"), (b"PK\x03\x04", "a.zip"), (b"", "a.txt")]:
        with pytest.raises(RuleViolation):
            evidence.detect_type(data, name)


def test_size_limit(monkeypatch):
    monkeypatch.setattr(evidence, "MAX_BYTES", 10)
    with pytest.raises(RuleViolation, match="超过上限"):
        evidence.detect_type(b"%PDF-" + b"x" * 10, "big.pdf")


def test_store_is_idempotent_and_read_checks_sum(tmp_path):
    sha, size, media = evidence.store(tmp_path, b"%PDF-1 a", "a.pdf")
    assert evidence.store(tmp_path, b"%PDF-1 a", "b.pdf")[0] == sha and size == 8 and media == "application/pdf"
    assert evidence.read(tmp_path, sha) == b"%PDF-1 a"
    evidence.blob_path(tmp_path, sha).write_bytes(b"%PDF-1 b")
    with pytest.raises(RuleViolation, match="校验和不符"):
        evidence.read(tmp_path, sha)
    assert evidence.purge(tmp_path, sha)
    with pytest.raises(RuleViolation, match="不存在"):
        evidence.read(tmp_path, sha)
