"""Checks on batch-screening uploads, without a server: type by content, ZIP safety, limits."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from ipcredit.errors import InputError
from ipcredit.web.batch_inputs import Limits, _copy_capped, count_rows, extract_zip, prepare, sniff, xlsx_to_csv

LIMITS = Limits(max_bytes=10_000_000, max_unzipped=1_000_000, max_rows=100)


def _zip(entries: dict[str, bytes], link: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


def test_sniff_reads_the_bytes():
    assert sniff(b"PAR1....PAR1") == "parquet"
    assert sniff(b"credit_code,name\n1,2\n") == "csv"
    assert sniff("统一社会信用代码,企业名称\n".encode("utf-8-sig")) == "csv"
    assert sniff(_zip({"a.csv": b"x"})) == "zip"
    assert sniff(_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"})) == "xlsx"
    assert sniff("名称\n".encode("gbk")) == "unknown"          # not UTF-8
    assert sniff(b"MZ\x90\x00\x03\x00") == "unknown"            # an executable
    assert sniff(b"PK\x03\x04 broken") == "unknown"


def test_symlinks_and_traversal_in_zips_are_refused(tmp_path):
    with pytest.raises(InputError, match="符号链接"):
        extract_zip(_zip({"enterprises.csv": b"a\n"}, link="link.csv"), tmp_path, LIMITS, "u.zip")
    for name in ("../x.csv", "a/../../x.csv", "C:/x.csv", "\\x.csv"):
        with pytest.raises(InputError, match="不安全"):
            extract_zip(_zip({name: b"a\n"}), tmp_path, LIMITS, "u.zip")
    assert not list(tmp_path.iterdir())


def test_entries_are_extracted_flat(tmp_path):
    out = extract_zip(_zip({"data/enterprises.csv": b"a\n", "__MACOSX/._x": b"junk"}), tmp_path, LIMITS, "u.zip")
    assert list(out) == ["enterprises.csv"] and (tmp_path / "enterprises.csv").read_bytes() == b"a\n"


def test_too_many_entries_and_duplicates(tmp_path):
    with pytest.raises(InputError, match="最多 30 个"):
        extract_zip(_zip({f"f{i}.csv": b"a" for i in range(31)}), tmp_path, LIMITS, "u.zip")
    with pytest.raises(InputError, match="同名"):
        extract_zip(_zip({"a/enterprises.csv": b"a", "b/enterprises.csv": b"b"}), tmp_path, LIMITS, "u.zip")


def test_extraction_stops_at_the_budget_even_if_headers_lie(tmp_path):
    data = _zip({"enterprises.csv": b"0" * 300_000})
    zf = zipfile.ZipFile(io.BytesIO(data))
    with pytest.raises(InputError, match="解压后超过上限"):
        _copy_capped(zf, zf.infolist()[0], tmp_path / "out.csv", 100_000, "u.zip")
    assert _copy_capped(zf, zf.infolist()[0], tmp_path / "ok.csv", 300_000, "u.zip") == 300_000


def test_declared_size_over_the_cap_is_refused_before_extracting(tmp_path):
    with pytest.raises(InputError, match="解压后超过上限"):
        extract_zip(_zip({"enterprises.csv": b"0" * 2_000_000}), tmp_path, LIMITS, "u.zip")
    assert not list(tmp_path.iterdir())


def test_rows_are_counted_and_limited(tmp_path):
    p = tmp_path / "f.csv"
    p.write_bytes(b"h\n1\n2\n3")
    assert count_rows(p) == 3
    p.write_bytes(b"h\n1\n2\n")
    assert count_rows(p) == 2
    rows = b"credit_code,name\n" + b"".join(b"x,y\n" for _ in range(101))
    with pytest.raises(InputError, match="超过网页批量筛查上限 100 家.*ipcredit batch score"):
        prepare(rows, "f.csv", tmp_path, LIMITS)


def test_a_zip_bomb_workbook_is_refused_before_openpyxl_inflates_it(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for _ in range(200):
                fh.write(b"\x00" * 1_000_000)            # 200 MB of zeros in a small file
    bomb = buf.getvalue()
    assert len(bomb) < 1_000_000
    with pytest.raises(InputError, match="压缩炸弹"):
        prepare(bomb, "facts.xlsx", tmp_path, LIMITS)
    assert not (tmp_path / "facts.csv").exists()


def test_xlsx_first_sheet_becomes_csv(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["credit_code", "evaluation_date", "ip_lawyer", "rd_staff_ratio_1"])
    wb.active.append(["91330106MA2B3C4D5D", dt.datetime(2026, 3, 15), True, 0.12])
    buf = io.BytesIO()
    wb.save(buf)
    out = xlsx_to_csv(buf.getvalue(), tmp_path / "f.csv", "f.xlsx").read_text("utf-8")
    assert out.splitlines()[1] == "91330106MA2B3C4D5D,2026-03-15,是,0.12"
    with pytest.raises(InputError, match="工作簿无法读取"):
        xlsx_to_csv(_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"not xml"}), tmp_path / "g.csv", "g.xlsx")


def test_archives_inside_zips_are_refused_by_name_and_by_content(tmp_path):
    with pytest.raises(InputError, match="不得再含压缩文件"):
        extract_zip(_zip({"old.tar": b"plain text that is not compressed"}), tmp_path, LIMITS, "u.zip")
    with pytest.raises(InputError, match="不得再含压缩文件"):
        extract_zip(_zip({"enterprises.csv": b"\x1f\x8b\x08\x00 gzip under a csv name"}), tmp_path, LIMITS, "u.zip")
