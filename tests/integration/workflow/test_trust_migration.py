"""Migration 0005 on a database with data from before encryption: existing values and
evidence files are encrypted in the migration; without a key it refuses, clearly."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text
from wf_support import drop_pg_schema, open_pg_schema, pg_engine

from ipcredit.agencies.models import Person
from ipcredit.db.engine import make_engine, session_factory
from ipcredit.db.migrate import upgrade
from ipcredit.security import keyring
from ipcredit.security.keyring import KeyringError

PLAIN_FILE = b"%PDF-1.4 stored before encryption"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_db(request, tmp_path, monkeypatch):
    """A database at revision 0004 holding a plaintext name and a plaintext evidence file."""
    monkeypatch.setenv("IPCREDIT_DATA_DIR", str(tmp_path))
    if request.param == "sqlite":
        engine, schema = make_engine(f"sqlite:///{tmp_path / 'old.db'}"), None
    else:
        schema = open_pg_schema()
        engine = pg_engine(schema)
    upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO agency (id, code, name, created_at) VALUES (1, 'OLD', '旧机构', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO person (id, agency_id, name, kind, credit_qualification, ip_training, created_at) "
                          "VALUES (1, 1, '王明明', 'evaluator', TRUE, TRUE, CURRENT_TIMESTAMP)"))
    digest = hashlib.sha256(PLAIN_FILE).hexdigest()
    blob = tmp_path / "evidence" / digest[:2] / digest
    blob.parent.mkdir(parents=True)
    blob.write_bytes(PLAIN_FILE)
    yield engine, blob
    engine.dispose()
    if schema:
        drop_pg_schema(schema)


def test_upgrade_encrypts_existing_plaintext(old_db):
    engine, blob = old_db
    upgrade(engine)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT name FROM person WHERE id = 1")).scalar()
    assert stored.startswith("enc1:ktest0001:") and "王明明" not in stored
    assert blob.read_bytes().startswith(b"IPCENC1") and PLAIN_FILE not in blob.read_bytes()
    with session_factory(engine)() as s:
        assert s.get(Person, 1).name == "王明明"


def test_upgrade_with_data_but_without_key_refuses(old_db, monkeypatch, tmp_path):
    engine, blob = old_db
    monkeypatch.delenv(keyring.ENV_KEYS)
    monkeypatch.setenv(keyring.ENV_FILE, str(tmp_path / "missing.json"))
    with pytest.raises(KeyringError, match="找不到数据密钥"):
        upgrade(engine)
    with engine.connect() as conn:   # nothing half-done: still 0004, still readable as before
        assert conn.execute(text("SELECT name FROM person WHERE id = 1")).scalar() == "王明明"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
    assert blob.read_bytes() == PLAIN_FILE
