"""Settings come from the environment when asked; the PostgreSQL gate of the test suite."""

import pytest
import wf_support

from ipcredit.db.settings import get_settings


def test_defaults_and_overrides(monkeypatch, tmp_path):
    monkeypatch.delenv("IPCREDIT_DATABASE_URL", raising=False)
    monkeypatch.delenv("IPCREDIT_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    s = get_settings()
    assert s.data_dir == tmp_path / "var" and s.database_url == f"sqlite:///{tmp_path / 'var' / 'ipcredit.db'}"
    monkeypatch.setenv("IPCREDIT_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("IPCREDIT_DATABASE_URL", "postgresql+psycopg://u@h/db")
    s = get_settings()
    assert s.evidence_dir == tmp_path / "d" / "evidence" and s.database_url == "postgresql+psycopg://u@h/db"


def test_unreachable_postgres_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.setattr(wf_support, "PG_URL", "postgresql+psycopg://postgres@127.0.0.1:1/test")
    monkeypatch.delenv("CI", raising=False)
    assert "unreachable" in wf_support.pg_unavailable_reason()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        wf_support.pg_unavailable_reason()
