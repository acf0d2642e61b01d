"""Raw record tables: batch derivation + scoring in SQL equals derive + evaluate, per enterprise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from ipcredit.batch.run import record_files, score_records
from ipcredit.facts.derive import derive
from ipcredit.facts.readers import load_records
from ipcredit.facts.synth import generate, write
from ipcredit.standard.engine import evaluate
from ipcredit.standard.facts import parse_facts


def single(folder: Path, e: dt.date, b: dt.date | None, profile: str | None) -> dict[str, object]:
    records = load_records(folder)
    return {code: evaluate(parse_facts(derive(records, code, e, b).document), profile=profile)
            for code in records.enterprise_codes()}


def assert_equal(outcome, expected) -> None:
    rows = {r["credit_code"]: r for r in outcome.results.to_pylist()}
    assert sorted(rows) == sorted(expected)
    for code, ev in expected.items():
        row = rows[code]
        got = [row[i.id] for i in ev.indicators] + [row[d.id] for d in ev.dimensions] + [row["total"], row["grade"]]
        want = [i.points for i in ev.indicators] + [d.score for d in ev.dimensions] + [ev.total, ev.grade.grade]
        assert got == want, code


@pytest.mark.parametrize(("seed", "e", "b", "profile"), [
    (1, dt.date(2026, 3, 15), None, None),
    (2, dt.date(2024, 2, 29), None, "weights"),
    (3, dt.date(2025, 6, 30), dt.date(2025, 6, 30), None),
    (4, dt.date(2028, 2, 29), dt.date(2024, 2, 29), None),
])
def test_records_parquet_batch_equals_derive_and_evaluate(tmp_path, seed, e, b, profile):
    write(generate(150, seed, until=min(e, b or e)), tmp_path)
    outcome = score_records(record_files(tmp_path), e, b, profile=profile)
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()[:5]
    assert_equal(outcome, single(tmp_path, e, b, profile))


def test_records_csv_with_chinese_headers_equal_parquet(tmp_path):
    e = dt.date(2026, 3, 15)
    write(generate(80, 11), tmp_path / "both", csv=True)
    from_csv = score_records(record_files(tmp_path / "both" / "csv"), e)
    from_parquet = score_records(record_files(tmp_path / "both"), e)
    assert from_csv.problems.num_rows == 0, from_csv.problems.to_pylist()[:5]
    assert from_csv.results.to_pylist() == from_parquet.results.to_pylist()
    assert_equal(from_csv, single(tmp_path / "both" / "csv", e, None, None))


def test_other_rights_listed_twice_count_once(tmp_path):
    """Other rights held are distinct (kind, number) per enterprise: every right of the first
    enterprises listed again (half of them under the code in lower case) changes nothing, in
    batch (counted through hashes, then counted again exactly) as in derive."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    e = dt.date(2026, 3, 15)
    write(generate(60, 7), tmp_path)
    path = tmp_path / "other_rights.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    codes = sorted({r["credit_code"] for r in rows})[:12]
    again = [dict(r) for r in rows if r["credit_code"] in codes]
    for r in again[::2]:
        r["credit_code"] = r["credit_code"].lower()
    pq.write_table(pa.Table.from_pylist(rows + again, schema=table.schema), path)
    outcome = score_records(record_files(tmp_path), e)
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()[:5]
    assert_equal(outcome, single(tmp_path, e, None, None))


def test_codes_written_in_lower_case_count_for_their_enterprise(tmp_path):
    """Patent and other-right rows name their enterprise in lower case (every second row of
    every second enterprise; three of those patents pledged for 1,500 wan, which makes them
    high value): batch groups the rows by the code as written and then by the code
    upper-cased, and must count them as derive does."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    e = dt.date(2026, 3, 15)
    write(generate(120, 5), tmp_path)
    codes = sorted(pq.read_table(tmp_path / "enterprises.parquet").column("credit_code").to_pylist())[::2]
    lowered = []
    for name in ("patents", "other_rights"):
        path = tmp_path / f"{name}.parquet"
        table = pq.read_table(path)
        rows = table.to_pylist()
        for i, r in enumerate(rows):
            if r["credit_code"] in codes and i % 2:
                r["credit_code"] = r["credit_code"].lower()
                lowered.append(r)
        pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    # pledges of 1,500 wan that make lowered inventions in force high value
    plain = [r for r in lowered if "patent_type" in r and r["patent_type"] == "invention" and r["legal_status"] == "valid"
             and r["grant_date"] and r["grant_date"] <= dt.date(2025, 12, 31) and r["application_date"] >= dt.date(2016, 1, 1)
             and not (r["strategic_emerging"] or r["overseas_family"] or r["award"])]
    assert len(plain) >= 3
    path = tmp_path / "transactions.parquet"
    table = pq.read_table(path)
    pledges = [{"credit_code": r["credit_code"].upper(), "kind": "pledge", "number": None, "patent_numbers": r["patent_number"],
                "registration_date": dt.date(2025, 6, 1), "amount_wan": Decimal("1500")} for r in plain[:3]]
    pq.write_table(pa.Table.from_pylist(table.to_pylist() + pledges, schema=table.schema), path)
    outcome = score_records(record_files(tmp_path), e)
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()[:5]
    assert_equal(outcome, single(tmp_path, e, None, None))


def test_blanks_typed_or_pasted_mean_what_they_mean_to_derive(tmp_path):
    """Cells as agencies receive them: patent numbers with a CN / ZL prefix, a lower-case check
    character and blanks in them (space, tab, line break, no-break and full-width spaces),
    transaction lists of patent numbers separated by line breaks and full-width spaces, owners
    listed over several lines, names padded with blanks. Batch must read each one as derive
    does: the same pledges make the same patents high value, the same patents count as open
    licences and standard patents, the same owners are matched."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    e = dt.date(2026, 3, 15)
    write(generate(60, 13), tmp_path)
    blanks = [" ", "\t", "\n", "\r\n", "\xa0", "\u3000", "\u2003"]
    patents = pq.read_table(tmp_path / "patents.parquet")
    rows = patents.to_pylist()
    plain = [r for r in rows if r["patent_type"] == "invention" and r["legal_status"] == "valid" and r["grant_date"]
             and r["grant_date"] <= dt.date(2025, 12, 31) and r["application_date"] >= dt.date(2016, 1, 1)
             and not (r["strategic_emerging"] or r["overseas_family"] or r["award"])][:14]
    assert len(plain) == 14
    spelled, original = {}, [r["patent_number"] for r in plain]
    for i, r in enumerate(plain):
        n = r["patent_number"]
        b = blanks[i % len(blanks)]
        spelled[n] = [f"CN{b}{n}", f"zl{b}{n[:6]}{b}{n[6:]}", n.lower(), f"{b}{n}{b}", f"ZL{n}"][i % 5]
        r["patent_number"] = spelled[n] if i % 2 else n
    enterprises = pq.read_table(tmp_path / "enterprises.parquet")
    names = dict(zip(enterprises.column("credit_code").to_pylist(), enterprises.column("name").to_pylist()))
    for i, r in enumerate(rows[:40:4]):  # owners listed over several lines, no credit code
        other = next(v for k, v in names.items() if k != r["credit_code"])
        r["owner"], r["credit_code"] = f"{names[r['credit_code']]}{blanks[i % len(blanks)]}；\n{other}x", [None, "\u3000", " \t "][i % 3]
    pq.write_table(pa.Table.from_pylist(rows, schema=patents.schema), tmp_path / "patents.parquet")
    tx = pq.read_table(tmp_path / "transactions.parquet")
    extra = []
    for i, (kind, span) in enumerate([("pledge", (0, 5)), ("pledge", (5, 8)), ("open_license", (8, 11)), ("standard", (11, 14))]):
        sep = ["\n", "\u3000", "\r\n", "、\xa0"][i]
        numbers = original[span[0]:span[1]]
        listed = sep.join(spelled[n] if j % 2 == 0 else n for j, n in enumerate(numbers))
        code = plain[span[0]]["credit_code"] or next(iter(names))
        extra.append({"credit_code": code, "kind": kind, "number": None, "patent_numbers": listed,
                      "registration_date": dt.date(2025, 6, 1), "amount_wan": Decimal("1500")})
    pq.write_table(pa.Table.from_pylist(tx.to_pylist() + extra, schema=tx.schema), tmp_path / "transactions.parquet")
    outcome = score_records(record_files(tmp_path), e)
    expected = single(tmp_path, e, None, None)
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()[:5]
    assert_equal(outcome, expected)


def test_credit_codes_padded_with_blanks_name_their_enterprise(tmp_path):
    """A credit code with blanks around it — a trailing space, a tab, a no-break space from a
    spreadsheet, a full-width space from a Chinese input method, in lower case too — names
    its enterprise in every table, as the single engine reads it (`typed.code_text`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    e = dt.date(2026, 3, 15)
    write(generate(40, 17), tmp_path)
    pads = [lambda c: c + " ", lambda c: "\t" + c, lambda c: c + "\xa0", lambda c: "\u3000" + c.lower() + "\u3000",
            lambda c: "\xa0 " + c]
    for name in ("enterprises", "patents", "other_rights", "rd_yearly", "transactions", "records", "certifications"):
        path = tmp_path / f"{name}.parquet"
        table = pq.read_table(path)
        rows = table.to_pylist()
        for i, r in enumerate(rows):
            if r.get("credit_code") and i % 3 == 0:
                r["credit_code"] = pads[i % len(pads)](r["credit_code"])
        pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    outcome = score_records(record_files(tmp_path), e)
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()[:5]
    assert_equal(outcome, single(tmp_path, e, None, None))


@pytest.mark.parametrize("blank", [None, "\u3000", " \t "])
def test_a_patent_whose_code_is_only_blanks_goes_to_its_owner(tmp_path, blank):
    """A patent row whose credit code is empty, NULL or nothing but blanks belongs to the
    enterprise its owner names — the only valid invention of an enterprise that had none, so
    its C1 points show whether batch matched it as derive does."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    e = dt.date(2026, 3, 15)
    write(generate(30, 19), tmp_path)
    patents = pq.read_table(tmp_path / "patents.parquet")
    rows = patents.to_pylist()
    owning = {r["credit_code"] for r in rows}
    enterprises = pq.read_table(tmp_path / "enterprises.parquet").to_pylist()
    lone = next(r for r in enterprises if r["credit_code"] not in owning)
    template = next(r for r in rows if r["patent_type"] == "invention" and r["legal_status"] == "valid" and r["grant_date"])
    rows.append({**template, "credit_code": blank, "owner": lone["name"], "patent_number": "CN209900000077.1"})
    pq.write_table(pa.Table.from_pylist(rows, schema=patents.schema), tmp_path / "patents.parquet")
    outcome = score_records(record_files(tmp_path), e)
    expected = single(tmp_path, e, None, None)
    assert expected[lone["credit_code"]].indicator("C1").points > 0
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()[:5]
    assert_equal(outcome, expected)
