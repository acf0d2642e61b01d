"""Uploaded batch-screening files, checked before anything reads them.

- The type is decided by the content, never the file name: Parquet (``PAR1`` at both ends),
  XLSX (a ZIP holding ``[Content_Types].xml`` and ``xl/workbook.xml``), a ZIP of record
  tables, or CSV (UTF-8 text without NUL bytes). Anything else is refused.
- A ZIP is opened with limits: at most `MAX_ENTRIES` files, no absolute paths, no ``..``, no
  symbolic links, no nested archives (by content and by name), and the uncompressed total is
  capped — counted while extracting, so a lying header cannot inflate past the cap.
- The number of enterprises is counted before scoring; larger sets are refused with a
  pointer to ``ipcredit batch score``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

from ipcredit.errors import InputError, Problem

MAX_ENTRIES = 30
ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh", b"\xfd7zXZ")
ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".7z", ".rar", ".bz2", ".xz", ".tar", ".xlsx")
FACTS_STEMS = ("facts", "事实表")
CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    max_bytes: int            # the uploaded file
    max_unzipped: int         # all entries of a ZIP together, uncompressed
    max_rows: int             # enterprises per upload


@dataclass
class BatchInput:
    """What to score: a facts table (with an optional records table) or record tables."""

    kind: str                                  # facts | records
    facts: Path | None = None
    tables: dict[str, Path] = field(default_factory=dict)
    rows: int = 0
    names: dict[str, str] = field(default_factory=dict)   # path on disk → name the user gave


def _refuse(where: str, zh: str, en: str) -> InputError:
    return InputError(Problem(where, f"{zh} ({en})"))


def sniff(data: bytes) -> str:
    """``parquet`` | ``xlsx`` | ``zip`` | ``csv`` | ``unknown`` — from the bytes alone."""
    if len(data) >= 8 and data[:4] == b"PAR1" and data[-4:] == b"PAR1":
        return "parquet"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return "unknown"
        return "xlsx" if {"[Content_Types].xml", "xl/workbook.xml"} <= names else "zip"
    if b"\0" in data[:CHUNK]:
        return "unknown"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "unknown"
    return "csv"


def _safe_name(info: zipfile.ZipInfo, where: str) -> str:
    name = info.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
        raise _refuse(where, f"压缩包中的路径 {name!r} 不安全：不得含绝对路径或 ..", "unsafe path in archive")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise _refuse(where, f"压缩包中的 {name!r} 是符号链接，不予接受", "symbolic link in archive")
    if name.lower().endswith(ARCHIVE_SUFFIXES):
        raise _refuse(where, f"压缩包中不得再含压缩文件或工作簿：{name!r}", "nested archive")
    return parts[-1]


def _copy_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, where: str) -> int:
    """Extract one entry, stopping as soon as the running total passes the budget."""
    written = 0
    with zf.open(info) as src, open(target, "wb") as out:
        first = True
        while chunk := src.read(CHUNK):
            if first and chunk.startswith(ARCHIVE_MAGIC):
                raise _refuse(where, f"压缩包中不得再含压缩文件：{info.filename!r}", "nested archive")
            first = False
            written += len(chunk)
            if written > budget:
                raise _refuse(where, "压缩包解压后超过上限，可能是压缩炸弹；请用命令行 ipcredit batch score 处理大文件",
                              "uncompressed size over the limit")
            out.write(chunk)
    return written


def extract_zip(data: bytes, dest: Path, limits: Limits, where: str) -> dict[str, Path]:
    """The ZIP's files extracted flat into ``dest`` (name → path), refusing unsafe archives."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse(where, "不是有效的 ZIP 文件", "not a valid ZIP file") from None
    with zf:
        files = [i for i in zf.infolist() if not i.is_dir()]
        if len(files) > MAX_ENTRIES:
            raise _refuse(where, f"压缩包含 {len(files)} 个文件，最多 {MAX_ENTRIES} 个", "too many entries")
        if sum(i.file_size for i in files) > limits.max_unzipped:
            raise _refuse(where, "压缩包解压后超过上限，请用命令行 ipcredit batch score 处理大文件", "uncompressed size over the limit")
        wanted: dict[str, zipfile.ZipInfo] = {}
        for info in files:                       # every name checked before anything is written
            name = _safe_name(info, where)
            if name.startswith(".") or info.filename.startswith("__MACOSX"):
                continue
            if name in wanted:
                raise _refuse(where, f"压缩包中有两个同名文件 {name!r}", "duplicate file name")
            wanted[name] = info
        out: dict[str, Path] = {}
        budget = limits.max_unzipped
        for name, info in wanted.items():
            try:
                budget -= _copy_capped(zf, info, dest / name, budget, where)
            except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError) as exc:
                raise _refuse(where, f"无法解压 {info.filename!r}：{exc}", "cannot extract entry") from None
            out[name] = dest / name
    return out


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def xlsx_to_csv(data: bytes, target: Path, where: str) -> Path:
    """The first worksheet as a UTF-8 CSV (the batch engine reads CSV and Parquet). The
    workbook's ZIP directory is checked first, as for every uploaded workbook
    (`uploads.check_ooxml`: entry names, count, inflated size and ratios)."""
    from openpyxl import load_workbook

    from ipcredit.web.uploads import XLSX_PARTS, UploadRejected, check_ooxml

    try:
        check_ooxml(data, "工作簿", XLSX_PARTS)
    except UploadRejected as exc:
        raise _refuse(where, exc.message, "workbook refused before parsing") from None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:   # openpyxl raises many types on damaged workbooks
        raise _refuse(where, f"工作簿无法读取：{type(exc).__name__}", "unreadable workbook") from None
    try:
        ws = wb.worksheets[0]
        with open(target, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            for row in ws.iter_rows(values_only=True):
                if any(v is not None for v in row):
                    writer.writerow([_cell(v) for v in row])
    finally:
        wb.close()
    return target


def count_rows(path: Path) -> int:
    """Data rows of a CSV (lines after the header; a quoted line break counts once more,
    erring on the safe side) or a Parquet file (from its footer)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    lines, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return max(0, lines + (0 if last == b"\n" else 1) - 1)


def sniff_file(path: Path) -> str:
    """`sniff` for a file on disk, reading only its head and tail."""
    import codecs

    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(CHUNK)
        fh.seek(max(0, size - 4))
        tail = fh.read(4)
    if size >= 8 and head[:4] == b"PAR1" and tail == b"PAR1":
        return "parquet"
    if head.startswith(ARCHIVE_MAGIC) or b"\0" in head:
        return "unknown"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=size <= CHUNK)
    except UnicodeDecodeError:
        return "unknown"
    return "csv"


def _upload_kind(data: bytes, where: str) -> str:
    kind = sniff(data)
    if kind == "unknown":
        raise _refuse(where, "无法识别文件类型：应为事实表（CSV（UTF-8）、XLSX、Parquet）或记录表的 ZIP 压缩包",
                      "unrecognised content: expected CSV, XLSX, Parquet or ZIP")
    return kind


def _zip_tables(files: dict[str, Path], dest: Path, where: str) -> BatchInput:
    from ipcredit.facts.tables import TABLES, table_for

    inp = BatchInput("records")
    for name, path in sorted(files.items()):
        kind = sniff_file(path)
        if kind == "unknown":
            raise _refuse(f"{where}/{name}", "应为 CSV（UTF-8）或 Parquet 表", "not a CSV or Parquet table")
        stem = PurePosixPath(name).stem
        canonical = "facts" if stem.lower() in FACTS_STEMS else (table_for(stem).name if table_for(stem) else None)
        if canonical is None:
            known = "、".join(t.name for t in TABLES)
            raise _refuse(f"{where}/{name}", f"不是已知的表（可用：facts、{known}）", "unknown table")
        target = dest / f"{canonical}.{'parquet' if kind == 'parquet' else 'csv'}"
        if target.exists() or canonical in inp.tables or (canonical == "facts" and inp.facts):
            raise _refuse(f"{where}/{name}", f"表 {canonical} 出现了两次", "table given twice")
        path.rename(target)
        inp.names[str(target)] = f"{where}/{name}"
        if canonical == "facts":
            inp.facts = target
        else:
            inp.tables[canonical] = target
    if inp.facts is not None:
        extra = set(inp.tables) - {"records"}
        if extra:
            raise _refuse(where, f"事实表只能与 records 表一起上传，多出：{'、'.join(sorted(extra))}", "unexpected tables")
        inp.kind = "facts"
    elif "enterprises" not in inp.tables:
        raise _refuse(where, "压缩包中没有 enterprises（企业）表，也没有 facts 事实表", "no enterprises table")
    return inp


def prepare(data: bytes, filename: str, dest: Path, limits: Limits) -> BatchInput:
    """Check the upload and lay it out in ``dest`` for the batch engine; InputError if refused."""
    where = PurePosixPath((filename or "").replace("\\", "/")).name or "上传文件"
    if not data:
        raise _refuse(where, "文件为空", "empty file")
    kind = _upload_kind(data, where)
    if kind == "zip":
        work = dest / "unzipped"
        work.mkdir()
        inp = _zip_tables(extract_zip(data, work, limits, where), dest, where)
    else:
        target = dest / ("facts.parquet" if kind == "parquet" else "facts.csv")
        if kind == "xlsx":
            xlsx_to_csv(data, target, where)
        else:
            target.write_bytes(data)
        inp = BatchInput("facts", facts=target, names={str(target): where})
    counted = inp.facts if inp.facts is not None else inp.tables["enterprises"]
    try:
        inp.rows = count_rows(counted)
    except Exception as exc:   # pyarrow raises several types on a damaged footer
        raise _refuse(inp.names.get(str(counted), where), f"表无法读取：{type(exc).__name__}", "unreadable table") from None
    if inp.rows == 0:
        raise _refuse(where, "表中没有数据行", "no data rows")
    if inp.rows > limits.max_rows:
        raise _refuse(where, f"共 {inp.rows} 家企业，超过网页批量筛查上限 {limits.max_rows} 家；"
                             "请用命令行 ipcredit batch score 处理", f"more than {limits.max_rows} enterprises: use the CLI")
    return inp
