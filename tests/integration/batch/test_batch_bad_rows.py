"""Rows with bad data are reported per enterprise; every other enterprise is still scored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ipcredit.batch.run import record_files, score_records
from ipcredit.facts.synth import generate, write
from ipcredit.standard.credit_code import check_character

E = dt.date(2026, 3, 15)


def _csv_folder(tmp_path: Path) -> Path:
    write(generate(40, 21), tmp_path / "gen", csv=True)
    return tmp_path / "gen" / "csv"  # the CSV copies, with Chinese headers and labels


def _edit_line(path: Path, n: int, old: str, new: str) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines[n]
    lines[n] = lines[n].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines[n].split(",")[0].strip('"')


def test_bad_rows_are_reported_and_the_rest_scored(tmp_path):
    folder = _csv_folder(tmp_path)
    clean = {r["credit_code"]: r for r in score_records(record_files(folder), E).results.to_pylist()}
    patents = folder / "patents.csv"
    line = patents.read_text(encoding="utf-8").splitlines()[1]
    application_day = line.split(",")[4]
    bad_date = _edit_line(patents, 1, application_day, "2023-13-01")
    enterprises = (folder / "enterprises.csv").read_text(encoding="utf-8").splitlines()
    victim = next(l.split(",")[0].strip('"') for l in enterprises[1:] if l.split(",")[0].strip('"') != bad_date)
    stranger = "91330106YY0000000" + check_character("91330106YY0000000")
    with (folder / "records.csv").open("a", encoding="utf-8") as f:
        f.write(f'"{victim}","侵权认定",2024-01-02,,,,"已核实",,,,"判决认定侵权"\n')
        f.write(f'"{stranger}","国家级知识产权奖励",2024-01-02,,,,"已核实",,,,\n')
    outcome = score_records(record_files(folder), E)
    problems = outcome.problems.to_pylist()
    by_code = {}
    for p in problems:
        by_code.setdefault(p["credit_code"], []).append(p)
    assert [(p["column_name"], p["line_no"]) for p in by_code[bad_date]] == [("申请日", 2)]
    assert "日期格式错误" in by_code[bad_date][0]["message"]
    assert {p["column_name"] for p in by_code[victim]} == {"扣分"}
    assert "unknown enterprise" in by_code[stranger][0]["message"]
    scored = {r["credit_code"]: r for r in outcome.results.to_pylist()}
    assert set(scored) == set(clean) - {bad_date, victim}
    assert all(scored[c] == clean[c] for c in scored)


def test_duplicate_patent_numbers_across_enterprises_are_reported(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    write(generate(30, 8), tmp_path)
    table = pq.read_table(tmp_path / "patents.parquet")
    numbers, codes = table.column("patent_number").to_pylist(), table.column("credit_code").to_pylist()
    other = next(k for k in range(1, len(codes)) if codes[k] != codes[0])
    numbers[other] = " cn" + numbers[0]  # the same number once normalised (spaces, case, CN prefix)
    table = table.set_column(table.schema.get_field_index("patent_number"), "patent_number", pa.array(numbers))
    pq.write_table(table, tmp_path / "patents.parquet")
    outcome = score_records(record_files(tmp_path), E)
    found = {(p["credit_code"], p["line_no"], p["column_name"]) for p in outcome.problems.to_pylist()}
    assert found == {(codes[0], 2, "申请号"), (codes[other], other + 2, "申请号")}
    assert {codes[0], codes[other]}.isdisjoint(outcome.results.column("credit_code").to_pylist())


def test_patent_rows_identified_by_owner_name_are_matched_to_their_enterprise(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    write(generate(30, 9), tmp_path)
    before = score_records(record_files(tmp_path), E).results.to_pylist()
    names = dict(zip(*(pq.read_table(tmp_path / "enterprises.parquet").column(c).to_pylist() for c in ("credit_code", "name"))))
    table = pq.read_table(tmp_path / "patents.parquet")
    codes = table.column("credit_code").to_pylist()
    owners = [f"某某大学；{names[c]}" if i % 2 == 0 else None for i, c in enumerate(codes)]
    stripped = [None if i % 2 == 0 else c for i, c in enumerate(codes)]
    table = table.set_column(table.schema.get_field_index("credit_code"), "credit_code", pa.array(stripped, pa.string()))
    table = table.set_column(table.schema.get_field_index("owner"), "owner", pa.array(owners, pa.string()))
    pq.write_table(table, tmp_path / "patents.parquet")
    after = score_records(record_files(tmp_path), E)
    assert after.problems.num_rows == 0, after.problems.to_pylist()[:3]
    assert after.results.to_pylist() == before


def _edit_parquet(path: Path, edit) -> list[dict]:
    """Rewrite a Parquet table after ``edit(rows)`` changes its rows (list of dicts) in place."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    rows = table.to_pylist()
    edit(rows)
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    return rows


def test_problems_in_the_large_tables_are_found_on_typed_parquet(tmp_path):
    """Patents, other rights and R&D years are checked through their per-enterprise aggregates
    (bad-row counts, unlisted codes) and only the flagged enterprises' rows are read again:
    every kind of problem there must still be reported, with its line, and only those
    enterprises left unscored."""
    from decimal import Decimal

    write(generate(60, 31), tmp_path)
    clean = {r["credit_code"]: r for r in score_records(record_files(tmp_path), E).results.to_pylist()}
    stranger = "91330106WX0000000" + check_character("91330106WX0000000")
    seen: dict[str, str] = {}

    def rights(rows):
        codes = list(dict.fromkeys(r["credit_code"] for r in rows))
        seen["expiry"], seen["rights_row"] = codes[0], 0
        rows[0]["expiry_date"] = rows[0]["registration_date"].replace(year=rows[0]["registration_date"].year - 1)
        seen["rights_stranger_line"] = len(rows) + 2
        rows.append({**rows[-1], "credit_code": stranger, "number": "R-X"})

    def rd(rows):
        codes = list(dict.fromkeys(r["credit_code"] for r in rows))
        first = {c: i for i, r in reversed(list(enumerate(rows))) for c in [r["credit_code"]]}
        seen["year"], seen["share"], seen["dup"] = codes[1], codes[2], codes[3]
        rows[first[codes[1]]]["year"] = 1900
        rows[first[codes[2]]]["rd_staff_ratio"] = Decimal("1.5")
        seen["dup_line"] = len(rows) + 2
        rows.append(dict(rows[first[codes[3]]]))
        seen["lines"] = {c: first[c] + 2 for c in codes[1:4]}

    def patents(rows):
        seen["patent_stranger_line"] = len(rows) + 2
        rows.append({**rows[-1], "credit_code": stranger, "patent_number": "CN209900000001.1"})

    _edit_parquet(tmp_path / "other_rights.parquet", rights)
    _edit_parquet(tmp_path / "rd_yearly.parquet", rd)
    _edit_parquet(tmp_path / "patents.parquet", patents)
    outcome = score_records(record_files(tmp_path), E)
    found = {(p["credit_code"], p["source"], p["line_no"], p["column_name"]) for p in outcome.problems.to_pylist()}
    lines = seen["lines"]
    assert found == {
        (seen["expiry"], "other_rights", 2, "有效期至"),
        (stranger, "other_rights", seen["rights_stranger_line"], "统一社会信用代码"),
        (seen["year"], "rd_yearly", lines[seen["year"]], "年度"),
        (seen["share"], "rd_yearly", lines[seen["share"]], "研发人员占比"),
        (seen["dup"], "rd_yearly", lines[seen["dup"]], "年度"),
        (seen["dup"], "rd_yearly", seen["dup_line"], "年度"),
        (stranger, "patents", seen["patent_stranger_line"], "统一社会信用代码"),
    }
    scored = {r["credit_code"]: r for r in outcome.results.to_pylist()}
    assert set(scored) == set(clean) - {seen[k] for k in ("expiry", "year", "share", "dup")}
    assert all(scored[c] == clean[c] for c in scored)


def _credit_code_problems(outcome) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in outcome.problems.to_pylist():
        found.setdefault(p["credit_code"], []).append(p["message"])
    return found


def test_invalid_credit_codes_are_reported_and_a_lower_case_valid_code_is_scored(tmp_path):
    """The GB 32100 check of listed enterprises (checked in bulk before the plan runs,
    `duck.bad_codes`): a wrong check character and a wrong length are problems of their
    enterprise; a valid code in lower case is read in upper case and scored."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    write(generate(12, 31), tmp_path)
    table = pq.read_table(tmp_path / "enterprises.parquet")
    codes = table.column("credit_code").to_pylist()
    wrong_check = codes[0][:17] + next(c for c in "0123456789" if c != codes[0][17])
    too_short = codes[1][:17]
    lower = "91110108mA01ABCD" + "0"
    lower = lower[:17] + check_character(lower[:17].upper())
    lower = lower[:17] + lower[17].lower()
    edited = [wrong_check, too_short, lower.lower()] + codes[3:]
    pq.write_table(table.set_column(table.schema.get_field_index("credit_code"), "credit_code", pa.array(edited)),
                   tmp_path / "enterprises.parquet")
    outcome = score_records(record_files(tmp_path), E)
    found = _credit_code_problems(outcome)
    for bad in (wrong_check, too_short):
        assert any("统一社会信用代码无效" in m for m in found[bad]), (bad, found.get(bad))
    assert lower.upper() not in found
    scored = set(outcome.results.column("credit_code").to_pylist())
    assert lower.upper() in scored and not {wrong_check, too_short} & scored
    assert set(codes[3:]) <= scored


def test_invalid_credit_codes_in_a_facts_table_are_reported(tmp_path):
    import pyarrow as pa

    from ipcredit.batch.run import score_facts_tables

    good = "91330106YY0000000" + check_character("91330106YY0000000")
    wrong = good[:17] + ("1" if good[17] != "1" else "2")
    facts = pa.table({"credit_code": [good, wrong, "123"], "name": ["甲", "乙", "丙"],
                      "valid_invention_patents": [3, 3, 3]})
    outcome = score_facts_tables(facts, evaluation_date=E)
    found = _credit_code_problems(outcome)
    assert set(found) == {wrong, "123"}
    assert all(any("统一社会信用代码无效" in m for m in found[c]) for c in found)
    assert outcome.results.column("credit_code").to_pylist() == [good]


def test_an_enterprise_listed_twice_is_reported_on_both_rows_and_not_scored(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    write(generate(15, 32), tmp_path)
    table = pq.read_table(tmp_path / "enterprises.parquet")
    twice = table.column("credit_code")[4].as_py()
    pq.write_table(pa.concat_tables([table, table.slice(4, 1)]), tmp_path / "enterprises.parquet")
    outcome = score_records(record_files(tmp_path), E)
    found = [(p["line_no"], p["column_name"]) for p in outcome.problems.to_pylist()
             if p["credit_code"] == twice and "duplicate enterprise" in p["message"]]
    assert found == [(6, "统一社会信用代码"), (table.num_rows + 2, "统一社会信用代码")]
    scored = outcome.results.column("credit_code").to_pylist()
    assert twice not in scored and len(scored) == table.num_rows - 1


@pytest.mark.parametrize("change", ["lower_case", "missing"])
def test_codes_listed_twice_in_either_case_or_missing_twice_are_duplicates(tmp_path, change):
    """The listed codes are counted only when their hashes repeat (`raw._listed_codes`): a code
    listed again in lower case, or two enterprises without a code (NULL has a hash too), are
    still found on every row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    write(generate(30, 5), tmp_path)
    table = pq.read_table(tmp_path / "enterprises.parquet")
    codes = table.column("credit_code").to_pylist()
    if change == "lower_case":
        codes[10] = codes[11].lower()
        expected = [(12, codes[11]), (13, codes[11])]
    else:
        codes[3] = codes[7] = None
        expected = [(5, None), (9, None)]
    pq.write_table(table.set_column(table.schema.get_field_index("credit_code"), "credit_code", pa.array(codes)),
                   tmp_path / "enterprises.parquet")
    outcome = score_records(record_files(tmp_path), E)
    found = sorted(((p["line_no"], p["credit_code"]) for p in outcome.problems.to_pylist()
                    if "duplicate enterprise" in p["message"]), key=str)
    assert found == sorted(expected, key=str)
    assert len(outcome.results) == table.num_rows - 2


def test_unlisted_codes_are_found_beside_an_enterprise_without_a_code(tmp_path):
    """An enterprise listed without a credit code (a problem of its own) must not hide the
    patents of an unlisted code: SQL's ``x IN (…, NULL)`` is NULL, not FALSE, for a code not
    listed (`raw_checks.flagged_codes`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    write(generate(20, 41), tmp_path)
    enterprises = pq.read_table(tmp_path / "enterprises.parquet")
    codes = enterprises.column("credit_code").to_pylist()
    codes[5] = None
    pq.write_table(enterprises.set_column(enterprises.schema.get_field_index("credit_code"), "credit_code",
                                          pa.array(codes, pa.string())), tmp_path / "enterprises.parquet")
    stranger = "91330106WX0000001"
    stranger += check_character(stranger)
    patents = pq.read_table(tmp_path / "patents.parquet")
    rows = patents.to_pylist()
    rows.append({**rows[-1], "credit_code": stranger, "patent_number": "CN209900000009.1"})
    pq.write_table(pa.Table.from_pylist(rows, schema=patents.schema), tmp_path / "patents.parquet")
    outcome = score_records(record_files(tmp_path), E)
    found = {(p["credit_code"], p["source"], p["line_no"]) for p in outcome.problems.to_pylist()}
    assert (stranger, "patents", len(rows) + 1) in found
    assert (None, "enterprises", 7) in found
