"""``backup`` and ``restore``: a consistent online copy of the database and its files, and
its restore into an empty database — whole or not at all.

Snapshot: SQLite is first copied with the SQLite online backup API (a consistent copy while
the server keeps writing), PostgreSQL is read in one REPEATABLE READ, READ ONLY transaction.
Evidence files are content-addressed and written before the row that names them is committed,
so every file a snapshot row names is on disk. Restore verifies the whole backup first, then
writes the files (under their content address, atomically), then inserts every row in one
transaction; on PostgreSQL the id sequences are moved past the restored ids.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Engine, create_engine, func, inspect, select, text

from ipcredit.backup import tables
from ipcredit.backup.archive import FORMAT, BackupCorrupt, Opened, read_archive, sha256_file, write_archive
from ipcredit.durable import write_durably
from ipcredit.domain_errors import RuleViolation


def model_tables():
    from ipcredit.db.base import load_all_models

    return load_all_models().sorted_tables


@contextmanager
def snapshot(engine: Engine) -> Iterator[Any]:
    """A connection that sees one consistent state of the whole database."""
    if engine.dialect.name == "sqlite":
        with tempfile.TemporaryDirectory(prefix="ipcredit-snap-") as tmp:
            copy = Path(tmp) / "snapshot.db"
            src, dst = sqlite3.connect(engine.url.database), sqlite3.connect(copy)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
            snap = create_engine(f"sqlite:///{copy}")
            try:
                with snap.connect() as conn:
                    yield conn
            finally:
                snap.dispose()
        return
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            conn.execute(text("SET TRANSACTION READ ONLY"))
            yield conn


def _check_known_tables(conn) -> None:
    known = {t.name for t in model_tables()} | {"alembic_version"}
    unknown = sorted(set(inspect(conn).get_table_names()) - known)
    if unknown:
        raise RuleViolation(f"数据库中有本版本不认识的表 {', '.join(unknown)}，请用对应版本的 ipcredit 备份 (unknown tables)")


def _revision(conn) -> str:
    from alembic.runtime.migration import MigrationContext

    rev = MigrationContext.configure(conn).get_current_revision()
    if rev is None:
        raise RuleViolation("数据库尚未建立（没有迁移版本），无可备份 (database not initialised)")
    return rev


def backup(engine: Engine, data_dir: Path, out: Path) -> dict[str, Any]:
    """Write the backup file ``out``; returns its manifest."""
    with tempfile.TemporaryDirectory(prefix="ipcredit-backup-", dir=out.parent if out.parent.exists() else None) as tmp:
        work = Path(tmp)
        with snapshot(engine) as conn:
            _check_known_tables(conn)
            manifest: dict[str, Any] = {"format": FORMAT, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                                        "engine": engine.dialect.name, "alembic_revision": _revision(conn),
                                        "tables": {}, "parts": {}, "keys_included": False}
            parts: dict[str, Path] = {}
            for table in model_tables():
                _dump_table(conn, table, work, manifest, parts)
            files = _file_list(conn, data_dir)
        for name, path in files.items():
            parts[name] = path
            manifest["parts"][name] = {"bytes": path.stat().st_size, "sha256": sha256_file(path)}
        write_archive(out, manifest, parts)
    return manifest


def _dump_table(conn, table, work: Path, manifest: dict, parts: dict) -> None:
    name = f"tables/{table.name}.jsonl.gz"
    path = work / f"{table.name}.jsonl.gz"
    count = 0
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in tables.dump_rows(conn, table):
            fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    parts[name] = path
    manifest["tables"][table.name] = {"columns": [c.name for c in table.columns], "rows": count, "part": name}
    manifest["parts"][name] = {"bytes": path.stat().st_size, "sha256": sha256_file(path)}


def _file_list(conn, data_dir: Path) -> dict[str, Path]:
    """Evidence files the snapshot names (not purged), stored as they are on disk (encrypted
    where encryption at rest is on), and every rendered report file under ``reports/``."""
    from ipcredit.cases.evidence import blob_path
    from ipcredit.cases.models import EvidenceFile

    files: dict[str, Path] = {}
    for sha in conn.execute(select(EvidenceFile.sha256).where(EvidenceFile.purged_on.is_(None))).scalars():
        path = blob_path(data_dir / "evidence", sha)
        if not path.is_file():
            raise RuleViolation(f"证据文件 {sha[:12]}… 在数据库中登记但不在 {path.parent} (evidence file missing)")
        files[f"files/evidence/{sha}"] = path
    reports = data_dir / "reports"
    for path in sorted(reports.rglob("*")) if reports.is_dir() else []:
        if path.is_file() and not path.name.startswith(".partial-") and path.suffix != ".tmp":
            files[f"files/reports/{path.relative_to(reports).as_posix()}"] = path
    return files


def verify(path: Path) -> dict[str, Any]:
    """Check every part of the backup file and every table's rows; returns the manifest."""
    with tempfile.TemporaryDirectory(prefix="ipcredit-restore-") as tmp:
        opened = read_archive(path, Path(tmp))
        for name in opened.manifest["tables"]:
            _table_rows(opened, name)
        return opened.manifest


def _table_rows(opened: Opened, name: str) -> list[list[Any]]:
    entry = opened.manifest["tables"][name]
    try:
        with gzip.open(opened.parts[entry["part"]], "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
    except (OSError, EOFError, ValueError) as exc:
        raise BackupCorrupt(f"部件 {entry['part']} 无法读取 (part unreadable: {exc})") from None
    if len(rows) != entry["rows"] or any(len(r) != len(entry["columns"]) for r in rows):
        raise BackupCorrupt(f"部件 {entry['part']} 有 {len(rows)} 行，清单记载 {entry['rows']} 行 (row count mismatch)")
    return rows


def restore(engine: Engine, data_dir: Path, path: Path) -> dict[str, Any]:
    """Restore the backup ``path`` into the empty database of ``engine`` and ``data_dir``."""
    from ipcredit.db.migrate import current_revision

    with tempfile.TemporaryDirectory(prefix="ipcredit-restore-") as tmp:
        opened = read_archive(path, Path(tmp))
        manifest = opened.manifest
        rows = {name: _table_rows(opened, name) for name in manifest["tables"]}
        _require_empty(engine)
        revision = current_revision(engine)
        if revision not in (None, manifest["alembic_revision"]):
            raise RuleViolation(f"目标数据库版本 {revision} 与备份版本 {manifest['alembic_revision']} 不同；"
                                f"请恢复到空数据库 (target at another schema revision)")
        _upgrade_to(engine, manifest["alembic_revision"])
        _check_columns(manifest)
        _restore_files(opened, data_dir, Path(tmp))
        _insert_all(engine, manifest, rows)
    return manifest


def _upgrade_to(engine: Engine, revision: str) -> None:
    from alembic.util import CommandError

    from ipcredit.db.migrate import upgrade

    try:
        upgrade(engine, revision)
    except CommandError:
        raise RuleViolation(f"备份的数据库版本 {revision} 不为本版本 ipcredit 所知，请用较新的版本恢复 "
                            f"(backup from an unknown schema revision)") from None


# Rows a new database already holds before any use — the audit chain's genesis head (written by
# migration 0005) and the data-key check (written when a command first opens the database):
# they do not make a database "non-empty", and the backup's own rows replace them.
REPLACED_ON_RESTORE = frozenset({"audit_head", "key_check"})


def _require_empty(engine: Engine) -> None:
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names()) - {"alembic_version"} - REPLACED_ON_RESTORE
        for table in model_tables():
            if table.name in present and conn.execute(select(func.count()).select_from(table)).scalar():
                raise RuleViolation(f"目标数据库不是空的（表 {table.name} 已有数据），拒绝恢复；请恢复到新建的空数据库 "
                                    f"(refusing to restore into a non-empty database: table {table.name} has rows)")


def _check_columns(manifest: dict[str, Any]) -> None:
    models = {t.name: [c.name for c in t.columns] for t in model_tables()}
    for name, entry in manifest["tables"].items():
        if name not in models or set(entry["columns"]) - set(models[name]):
            raise RuleViolation(f"备份中的表 {name} 与本版本的数据库结构不符 (table {name} does not match this version)")


def _restore_files(opened: Opened, data_dir: Path, work: Path) -> None:
    """Files first (content-addressed, harmless alone), then the rows that name them. Each
    evidence file is read back through the evidence store (checksum, and decryption where
    files are encrypted) before it is put in place."""
    for name, part in opened.parts.items():
        if name.startswith("files/evidence/"):
            target = _checked_evidence(name, part, data_dir, work)
        elif name.startswith("files/reports/"):
            rel = Path(name.removeprefix("files/reports/"))
            if rel.is_absolute() or ".." in rel.parts:
                raise BackupCorrupt(f"部件 {name} 的路径不合法 (bad path)")
            target = data_dir / "reports" / rel
        else:
            continue
        if not target.exists():
            write_durably(target, part.read_bytes())


def _checked_evidence(name: str, part: Path, data_dir: Path, work: Path) -> Path:
    from ipcredit.cases import evidence

    sha = name.removeprefix("files/evidence/")
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise BackupCorrupt(f"部件 {name} 不是按内容命名的证据文件 (bad evidence name)")
    probe = evidence.blob_path(work / "probe", sha)
    probe.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(part, probe)
    try:
        evidence.read(work / "probe", sha)
    except Exception as exc:  # noqa: BLE001 - checksum mismatch, or a file the keys cannot open
        raise BackupCorrupt(f"部件 {name} 不是该证据文件（校验或解密失败：{exc}）"
                            f"(evidence part does not match its name, or cannot be opened with the current keys)") from None
    finally:
        probe.unlink(missing_ok=True)
    return evidence.blob_path(data_dir / "evidence", sha)


def _insert_all(engine: Engine, manifest: dict[str, Any], rows: dict[str, list]) -> None:
    with engine.begin() as conn:
        for table in model_tables():
            entry = manifest["tables"].get(table.name)
            if entry and table.name in REPLACED_ON_RESTORE:
                conn.execute(table.delete())
            if entry and rows[table.name]:
                tables.load_rows(conn, table, entry["columns"], rows[table.name])
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn)


def _reset_sequences(conn) -> None:
    for table in model_tables():
        for col in table.primary_key.columns:
            if col.autoincrement is True or (col.autoincrement == "auto" and len(table.primary_key.columns) == 1
                                             and col.type.python_type is int):
                seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                   {"t": table.name, "c": col.name}).scalar()
                if seq:
                    conn.execute(text(f"SELECT setval('{seq}', COALESCE((SELECT max(\"{col.name}\") FROM \"{table.name}\"), 0) + 1, false)"))

