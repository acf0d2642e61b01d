"""Key rotation (issue 8, item 1): a new primary key, everything re-encrypted in small
transactions while reads go on, the old key retired only once it protects nothing."""

from __future__ import annotations

import json

import pytest

from ipcredit.cases import collection
from ipcredit.cases.evidence import blob_path
from ipcredit.db.base import load_all_models
from ipcredit.domain_errors import RuleViolation
from ipcredit.security import keyring
from ipcredit.security.cipher import file_key_id
from ipcredit.security.rotation import encrypted_columns, protected_by, retire_key, rotate_keys, value_census

PDF = b"%PDF-1.4\n% rotation evidence\n"


@pytest.fixture
def key_file(monkeypatch, tmp_path):
    """The session's test keyring, moved from the environment into a key file."""
    ring = keyring.load()
    path = tmp_path / "keys" / "keyring.json"
    keyring.save(ring, path)
    monkeypatch.delenv(keyring.ENV_KEYS)
    monkeypatch.setenv(keyring.ENV_FILE, str(path))
    return path


def test_rotation_reencrypts_everything_while_reads_go_on(flow, db, key_file):
    cid = flow.case("issued")
    other = flow.case("collecting")
    with db.uow() as uow:
        sha = collection.attach_evidence(uow, other, "capacity.pledge_wan", PDF, "p.pdf", "t")
        before = {f["path"]: f["value"] for f in collection.facts_listing(uow, cid)}
    columns = encrypted_columns(load_all_models())
    reads = []

    def read_between_batches(column: str, done: int) -> None:   # the application keeps reading
        with db.uow() as uow:
            reads.append({f["path"]: f["value"] for f in collection.facts_listing(uow, cid)} == before)

    new, values, files = rotate_keys(db.engine, db.data_dir / "evidence", columns, batch=7, on_batch=read_between_batches)
    assert values > 50 and files == 1 and len(reads) > 10 and all(reads)
    assert json.loads(key_file.read_text())["primary"] == new and oct(key_file.stat().st_mode & 0o777) == "0o600"
    with db.engine.connect() as conn:
        census = value_census(conn, columns)
    assert {k for c in census.values() for k in c} == {new}
    assert file_key_id(blob_path(db.data_dir / "evidence", sha).read_bytes()) == new
    assert protected_by(db.engine, db.data_dir / "evidence", columns, "ktest0001") == 0
    retire_key(db.engine, db.data_dir / "evidence", columns, "ktest0001")
    assert set(keyring.load().keys) == {new}
    with db.uow() as uow:   # everything still readable with the new key alone
        assert {f["path"]: f["value"] for f in collection.facts_listing(uow, cid)} == before
        assert collection.read_evidence(uow, sha) == PDF


def test_a_key_still_protecting_data_cannot_be_retired(flow, db, key_file):
    flow.case("collecting")
    ring = keyring.load()
    ring.keys["knew00001"] = b"n" * 32
    ring.primary = "knew00001"        # a new primary, nothing re-encrypted yet
    keyring.save(ring, key_file)
    columns = encrypted_columns(load_all_models())
    with pytest.raises(RuleViolation, match="ktest0001 仍保护 [1-9][0-9]* 个值"):
        retire_key(db.engine, db.data_dir / "evidence", columns, "ktest0001")
    with pytest.raises(RuleViolation, match="主密钥"):
        retire_key(db.engine, db.data_dir / "evidence", columns, "knew00001")
    assert "ktest0001" in keyring.load().keys
