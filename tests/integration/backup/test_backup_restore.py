"""``backup`` / ``restore``: a whole demo case survives a round trip on each engine and across
engines (every table's rows, the evidence bytes); a broken backup or a non-empty target is
refused with a message naming the problem; a failed restore leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from backup_support import EVIDENCE, fill_with_demo

from ipcredit.backup import tables
from ipcredit.backup.archive import BackupCorrupt
from ipcredit.backup.service import REPLACED_ON_RESTORE, backup, model_tables, restore, verify
from ipcredit.domain_errors import RuleViolation

PAIRS = [("sqlite", "sqlite"),
         pytest.param("sqlite", "postgresql", marks=pytest.mark.postgres),
         pytest.param("postgresql", "sqlite", marks=pytest.mark.postgres),
         pytest.param("postgresql", "postgresql", marks=pytest.mark.postgres)]


def all_rows(engine) -> dict[str, list]:
    with engine.connect() as conn:
        return {t.name: list(tables.dump_rows(conn, t)) for t in model_tables()}


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_round_trip_keeps_every_row_and_the_evidence(empty_store, tmp_path, source, target):
    src = empty_store(source)
    demo = fill_with_demo(src)
    manifest = backup(src.engine, src.data_dir, tmp_path / "b.ipcbak")
    assert manifest["tables"]["issued_report"]["rows"] == 1 and manifest["tables"]["objection"]["rows"] == 1
    dst = empty_store(target)
    restore(dst.engine, dst.data_dir, tmp_path / "b.ipcbak")
    before, after = all_rows(src.engine), all_rows(dst.engine)
    assert sum(map(len, before.values())) > 100
    for name in before:
        assert after[name] == before[name], name
    sha = demo["evidence"]
    from ipcredit.cases import evidence

    assert evidence.read(dst.data_dir / "evidence", sha) == EVIDENCE
    # the restored database works: new ids follow the restored ones (PostgreSQL sequences moved on)
    from ipcredit.cases.service import apply_for_evaluation
    from ipcredit.demo.service import credit_code

    with dst.uow() as uow:
        new_case = apply_for_evaluation(uow, demo["agency_id"], credit_code("91330106MA2B3C4D8"), "新企业", "t",
                                        dt.date.today())
    assert new_case > max(demo["cases"].values())


def test_restore_refuses_a_database_that_is_not_empty(empty_store, tmp_path):
    src = empty_store("sqlite")
    fill_with_demo(src)
    backup(src.engine, src.data_dir, tmp_path / "b.ipcbak")
    with pytest.raises(RuleViolation, match="不是空的.*agency"):
        restore(src.engine, src.data_dir, tmp_path / "b.ipcbak")


def test_a_failed_restore_leaves_the_database_empty(empty_store, tmp_path, monkeypatch):
    src = empty_store("sqlite")
    fill_with_demo(src)
    backup(src.engine, src.data_dir, tmp_path / "b.ipcbak")
    dst = empty_store("sqlite")
    real, calls = tables.load_rows, []

    def fail_on_the_fifth_table(conn, table, columns, rows):
        calls.append(table.name)
        if len(calls) == 5:
            raise OSError("disk full")
        real(conn, table, columns, rows)

    monkeypatch.setattr(tables, "load_rows", fail_on_the_fifth_table)
    with pytest.raises(OSError):
        restore(dst.engine, dst.data_dir, tmp_path / "b.ipcbak")
    assert len(calls) == 5
    # never half-restored (the genesis audit head and the key check a new database holds are not data)
    assert all(rows == [] for name, rows in all_rows(dst.engine).items() if name not in REPLACED_ON_RESTORE)
    monkeypatch.setattr(tables, "load_rows", real)
    restore(dst.engine, dst.data_dir, tmp_path / "b.ipcbak")               # and can be retried


def _members(path: Path) -> list[tarfile.TarInfo]:
    with tarfile.open(path) as tar:
        return tar.getmembers()


def _flip_byte_in(path: Path, member: str) -> None:
    info = next(m for m in _members(path) if m.name == member)
    data = bytearray(path.read_bytes())
    data[info.offset_data + info.size // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def backup_file(empty_store, tmp_path) -> Path:
    src = empty_store("sqlite")
    fill_with_demo(src)
    backup(src.engine, src.data_dir, tmp_path / "b.ipcbak")
    return tmp_path / "b.ipcbak"


@pytest.mark.parametrize("part", ["tables/issued_report.jsonl.gz", "manifest.json"])
def test_an_altered_part_is_named(backup_file, part):
    _flip_byte_in(backup_file, part)
    with pytest.raises(BackupCorrupt, match=part.replace(".", r"\.")):
        verify(backup_file)


def test_an_altered_evidence_file_is_named(backup_file):
    part = next(m.name for m in _members(backup_file) if m.name.startswith("files/evidence/"))
    _flip_byte_in(backup_file, part)
    with pytest.raises(BackupCorrupt, match=part):
        verify(backup_file)


def test_a_truncated_backup_is_refused_naming_where_it_breaks(backup_file, empty_store):
    members = _members(backup_file)
    cut = members[len(members) // 2]
    backup_file.write_bytes(backup_file.read_bytes()[:cut.offset_data + cut.size // 2])
    with pytest.raises(BackupCorrupt, match=rf"{cut.name}|缺少部件"):
        verify(backup_file)
    dst = empty_store("sqlite")
    with pytest.raises(BackupCorrupt):
        restore(dst.engine, dst.data_dir, backup_file)
    assert not (dst.data_dir / "evidence").exists()


def test_cli_backup_restore_and_a_clear_error(tmp_path, backup_file):
    import os

    exe = str(Path(sys.executable).with_name("ipcredit"))
    env = {**os.environ, "IPCREDIT_DATA_DIR": str(tmp_path / "cli"), "IPCREDIT_DATABASE_URL": ""}
    ok = subprocess.run([exe, "restore", str(backup_file)], env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "已恢复" in ok.stdout, ok.stderr
    again = subprocess.run([exe, "backup", "-o", str(tmp_path / "again.ipcbak")], env=env, capture_output=True,
                           text=True, timeout=120)
    assert again.returncode == 0 and "密钥" in again.stdout, again.stderr
    _flip_byte_in(backup_file, "tables/case_event.jsonl.gz")
    bad = subprocess.run([exe, "restore", "--check", str(backup_file)], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "tables/case_event.jsonl.gz" in bad.stderr and "Traceback" not in bad.stderr


def test_an_evidence_part_must_hash_to_its_name(backup_file, empty_store, tmp_path):
    """A crafted backup (manifest and checksums consistent) cannot put other content under
    an evidence file's content address."""
    import hashlib
    import io
    import json

    with tarfile.open(backup_file) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(members["manifest.json"])
    name = next(n for n in members if n.startswith("files/evidence/"))
    members[name] = b"%PDF-1.4 forged"
    manifest["parts"][name] = {"bytes": len(members[name]), "sha256": hashlib.sha256(members[name]).hexdigest()}
    members["manifest.json"] = json.dumps(manifest).encode()
    members["manifest.sha256"] = hashlib.sha256(members["manifest.json"]).hexdigest().encode()
    forged = tmp_path / "forged.ipcbak"
    with tarfile.open(forged, "w") as tar:
        for n in ["manifest.json", "manifest.sha256"] + [n for n in members if n.startswith(("tables/", "files/"))]:
            info = tarfile.TarInfo(n)
            info.size = len(members[n])
            tar.addfile(info, io.BytesIO(members[n]))
    dst = empty_store("sqlite")
    with pytest.raises(BackupCorrupt, match=name):
        restore(dst.engine, dst.data_dir, forged)
