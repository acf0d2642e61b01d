"""De-identified export (issue 8, item 2): no names, codes or personal data in the bytes,
keyed and stable pseudonyms, groups smaller than k suppressed."""

from __future__ import annotations

import csv
import hashlib
import hmac
import json

import pyarrow.parquet as pq
from wf_support import code, facts_doc

from ipcredit.export.service import export_deidentified
from ipcredit.security import keyring

PSEUDONYM_KEY = keyring.load().pseudonym_keys["ptest0001"]


def _enterprises(flow, region: str, n: int, start: int) -> list[tuple[str, str]]:
    out = []
    for i in range(n):
        name, ccode = f"隐私测试{region}{i}号科技有限公司", code(f"91{region}01060000{start + i:05d}")
        flow.case("issued", facts_doc(name, ccode, flow.on), enterprise=(name, ccode))
        out.append((name, ccode))
    return out


def _all_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()))


def test_export_is_deidentified_keyed_and_k_anonymous(flow, db, tmp_path, monkeypatch):
    big = _enterprises(flow, "33", 5, 1)       # 浙江 · C · >20000万元: a group of 5
    small = _enterprises(flow, "11", 2, 100)   # 北京 · C · >20000万元: 2 < k
    with db.uow() as uow:
        report = export_deidentified(uow, tmp_path / "a", 5)
    assert (report["evaluated"], report["rows"], report["suppressed_rows"], report["suppressed_groups"]) == (7, 5, 2, 1)
    data = _all_bytes(tmp_path / "a")
    for name, ccode in big + small:
        for secret in (name, ccode, ccode[:17], ccode[2:]):
            assert secret.encode() not in data, secret
    for person in ("评价员0", "评价员1", "张总", "tester", "评审0", "专家0"):
        assert person.encode() not in data
    rows = list(csv.DictReader((tmp_path / "a" / "evaluations.csv").open(encoding="utf-8")))
    expected = {hmac.new(PSEUDONYM_KEY, c.encode(), hashlib.sha256).hexdigest()[:24] for _, c in big}
    assert {r["pseudonym"] for r in rows} == expected
    assert {(r["region"], r["industry_section"], r["size_band"]) for r in rows} == {("浙江", "C", ">20000万元")}
    assert all(r["grade"] and r["ind_B1"] and r["dim_basic"] for r in rows)
    table = pq.read_table(tmp_path / "a" / "evaluations.parquet")
    assert table.num_rows == 5 and set(table.column("pseudonym").to_pylist()) == expected
    assert str(table.schema.field("total").type) == "decimal128(9, 2)"

    with db.uow() as uow:                       # same key: the same pseudonyms
        export_deidentified(uow, tmp_path / "b", 5)
    again = {r["pseudonym"] for r in csv.DictReader((tmp_path / "b" / "evaluations.csv").open(encoding="utf-8"))}
    assert again == expected
    ring = keyring.load().to_json()
    ring["pseudonym_keys"] = {"pother001": "b3RoZXItcHNldWRvbnltLWtleS0xMjM0NTY3ODkwMTI="}
    ring["pseudonym_primary"] = "pother001"
    monkeypatch.setenv(keyring.ENV_KEYS, json.dumps(ring))
    with db.uow() as uow:                       # another key: unrelated pseudonyms
        export_deidentified(uow, tmp_path / "c", 2)
    other = {r["pseudonym"] for r in csv.DictReader((tmp_path / "c" / "evaluations.csv").open(encoding="utf-8"))}
    assert len(other) == 7 and not (other & expected)
