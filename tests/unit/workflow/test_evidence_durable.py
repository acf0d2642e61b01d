"""Evidence files are written so that a crash leaves either nothing or the whole file, and
are on disk (fsync of the file and of its directory) before the database row is committed."""

from __future__ import annotations

import hashlib
import os

import pytest

from ipcredit import durable
from ipcredit.cases import evidence

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 400


def test_a_crash_during_the_write_leaves_no_file_under_the_content_address(tmp_path, monkeypatch):
    def power_cut(fd):
        raise OSError("simulated crash before the data reached the disk")

    monkeypatch.setattr(durable.os, "fsync", power_cut)
    with pytest.raises(OSError):
        evidence.store(tmp_path, PDF, "a.pdf")
    digest = hashlib.sha256(PDF).hexdigest()
    assert not evidence.blob_path(tmp_path, digest).exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []   # no partial file left either


def test_the_file_and_its_directory_are_synced_before_store_returns(tmp_path, monkeypatch):
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(durable.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(durable.os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b))[1])
    digest, size, media = evidence.store(tmp_path, PDF, "a.pdf")
    assert events == ["fsync", "rename", "fsync"]   # data durable, then visible, then the rename durable
    assert evidence.read(tmp_path, digest) == PDF and size == len(PDF) and media == "application/pdf"
