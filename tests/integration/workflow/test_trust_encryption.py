"""Encryption at rest (issue 8, item 1): sensitive values and evidence files are ciphertext
in the database and on disk, bound to their row, and the keys must be the right ones."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import text

from ipcredit.cases import collection
from ipcredit.cases.evidence import blob_path
from ipcredit.db.base import load_all_models
from ipcredit.db.engine import session_factory
from ipcredit.security import keyring
from ipcredit.security.cipher import DecryptionError
from ipcredit.security.fields import encrypted_tables
from ipcredit.security.keyring import KeyringError

PDF = b"%PDF-1.4\n% evidence of a pledge contract 35000\n"
SECRETS = ("评价员0", "张总", "访谈摘要", "会议室", "核对原件")


def raw(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_sensitive_values_are_ciphertext_in_the_database(flow, db):
    cid = flow.case("issued")
    for table, cols in encrypted_tables(load_all_models()).items():
        for col in cols:
            for (value,) in raw(db, f"SELECT CAST({col} AS TEXT) FROM {table} WHERE {col} IS NOT NULL"):
                if value == "null":   # JSON null
                    continue
                assert value.strip('"').startswith("enc1:ktest0001:"), (table, col, value[:60])
    # nothing readable anywhere in the database: every column of every table, as text
    for table in load_all_models().sorted_tables:
        for row in raw(db, f"SELECT * FROM {table.name}"):
            dump = json.dumps([str(v) for v in row], ensure_ascii=False)
            for secret in SECRETS:
                assert secret not in dump, (table.name, secret)
    with db.uow() as uow:
        facts = {f["path"]: f["value"] for f in collection.facts_listing(uow, cid)}
    assert facts["enterprise.annual_revenue_wan"] == 35000      # the services still see plain values


def test_evidence_file_on_disk_is_ciphertext(flow, db):
    cid = flow.case("collecting")
    with db.uow() as uow:
        sha = collection.attach_evidence(uow, cid, "capacity.pledge_wan", PDF, "质押.pdf", "t")
        assert collection.read_evidence(uow, sha) == PDF
    stored = blob_path(db.data_dir / "evidence", sha).read_bytes()
    assert stored.startswith(b"IPCENC1") and b"%PDF" not in stored and b"pledge" not in stored
    # a ciphertext copied from another address is refused (the address is the associated data)
    with db.uow() as uow:
        other = collection.attach_evidence(uow, cid, "capacity.pledge_wan", PDF + b"2", "b.pdf", "t")
    blob_path(db.data_dir / "evidence", other).write_bytes(stored)
    with db.uow() as uow, pytest.raises(DecryptionError, match="校验和不符"):
        collection.read_evidence(uow, other)


def _two_facts(db, cid):
    return raw(db, "SELECT id, CAST(value AS TEXT) FROM case_fact WHERE case_id = :c "
                   "AND path IN ('capacity.pledge_wan', 'capacity.valid_invention_patents') ORDER BY id", c=cid)


def test_values_swapped_between_rows_are_refused(flow, db):
    cid = flow.case("collecting")
    (a, va), (b, vb) = _two_facts(db, cid)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE case_fact SET value = CAST(:v AS JSON) WHERE id = :i" if db.backend == "postgresql"
                          else "UPDATE case_fact SET value = :v WHERE id = :i"), [{"v": vb, "i": a}, {"v": va, "i": b}])
    with db.uow() as uow, pytest.raises(DecryptionError, match=f"case_fact.value #({a}|{b})"):
        collection.facts_listing(uow, cid)


def test_tampered_and_plaintext_values_are_refused(flow, db):
    cid = flow.case("collecting")
    (a, va), (b, _) = _two_facts(db, cid)
    token = json.loads(va)
    kid_body = token.rsplit(":", 1)
    blob = bytearray(base64.urlsafe_b64decode(kid_body[1]))
    blob[-1] ^= 1
    forged = json.dumps(kid_body[0] + ":" + base64.urlsafe_b64encode(bytes(blob)).decode())
    cast = "CAST(:v AS JSON)" if db.backend == "postgresql" else ":v"
    with db.engine.begin() as conn:
        conn.execute(text(f"UPDATE case_fact SET value = {cast} WHERE id = :i"), {"v": forged, "i": a})
    with db.uow() as uow, pytest.raises(DecryptionError, match="密文校验失败"):
        collection.facts_listing(uow, cid)
    with db.engine.begin() as conn:
        conn.execute(text(f"UPDATE case_fact SET value = {cast} WHERE id = :i"), [{"v": va, "i": a}, {"v": "9999", "i": b}])
    with db.uow() as uow, pytest.raises(DecryptionError, match="未加密"):
        collection.facts_listing(uow, cid)


def _fresh_engine(db):
    return db.engine.execution_options()   # a new Engine object: the key check runs again


def test_wrong_or_missing_key_is_a_clear_error(flow, db, monkeypatch, tmp_path):
    flow.case("collecting")
    session_factory(_fresh_engine(db))     # the test key is registered and accepted
    good = keyring.load().to_json()
    wrong = dict(good, keys={"ktest0001": {"key": base64.b64encode(b"w" * 32).decode()}})
    monkeypatch.setenv(keyring.ENV_KEYS, json.dumps(wrong))
    with pytest.raises(KeyringError, match="密钥 ktest0001 与数据库不符"):
        session_factory(_fresh_engine(db))
    other = keyring.generate()
    monkeypatch.setenv(keyring.ENV_KEYS, json.dumps(other.to_json()))
    with pytest.raises(KeyringError, match="ktest0001.*没有这些密钥"):
        session_factory(_fresh_engine(db))
    monkeypatch.delenv(keyring.ENV_KEYS)
    monkeypatch.setenv(keyring.ENV_FILE, str(tmp_path / "nowhere" / "keyring.json"))
    with pytest.raises(KeyringError, match="找不到数据密钥.*ipcredit keys init"):
        session_factory(_fresh_engine(db))
