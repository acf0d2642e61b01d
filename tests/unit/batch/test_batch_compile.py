"""The model compiler and the vectorised credit-code check."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.batch.compile import compile_model
from ipcredit.batch.dialect import DUCKDB, SPARK
from ipcredit.batch.duck import codes_ok
from ipcredit.errors import ModelError
from ipcredit.standard.credit_code import ALPHABET, check_character, is_valid_credit_code
from ipcredit.standard.model import build_model, bundled_model

codes = st.one_of(
    st.text(alphabet=ALPHABET, min_size=17, max_size=17).map(lambda s: s + check_character(s)),
    st.text(alphabet=ALPHABET + "IOZSVa中", min_size=0, max_size=19),
)


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.one_of(st.none(), codes), max_size=40))
def test_vectorised_check_agrees_with_the_standard(values):
    got = codes_ok(pa.array(values, pa.string())).to_pylist()
    assert got == [None if v is None else is_valid_credit_code(v) for v in values]


def test_model_numbers_finer_than_a_cent_are_refused():
    import yaml

    from ipcredit.standard.model import MODELS_DIR

    path = MODELS_DIR / "t-cfie-002-2023" / "model.yaml"
    text = path.read_text(encoding="utf-8").replace("start: 60", "start: 59.995").replace("floor: 0", "floor: 0")
    model = build_model(yaml.safe_load(text), "m.yaml", text.encode())
    with pytest.raises(ModelError, match="超过 2 位小数"):
        compile_model(model, None, DUCKDB)


@pytest.mark.parametrize("dialect", [DUCKDB, SPARK])
def test_every_indicator_and_dimension_is_compiled(dialect):
    model = bundled_model()
    c = compile_model(model, "weights", dialect)
    assert [i for i, _ in c.indicators] == [ind.id for _, ind in model.indicators()]
    assert [d for d, _ in c.dimensions] == model.dimension_ids()
    assert {a for a, _ in c.behaviour_aggregates} >= {f"n_{r.id}" for r in model.behavior.rules}
    assert "DOUBLE" not in c.total + "".join(e for _, e in c.indicators)


# patent numbers as agencies receive them: digits, the check character in either case, a CN / ZL
# prefix, blanks typed or pasted (tab, line breaks, no-break and full-width spaces …) and the
# ASCII control characters that are not blanks; letters whose upper case is several letters
# (ß → SS) are left out: DuckDB upper-cases them to one letter (docs/batch.md)
PATENT_CHARS = "0123456789.xXcnCNzlZLa中 \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2003\u2028\u202f\u3000"


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.text(alphabet=PATENT_CHARS, max_size=8) | st.from_regex(r"(CN|ZL|cn)?[ \u3000]?20[0-9]{10}\.[0-9Xx]", fullmatch=True),
                min_size=1, max_size=20))
def test_sql_patent_key_is_the_single_engines(numbers):
    """`Dialect.patent_key` (the SQL of the duplicate check, pledges and standard patents) gives
    every number the key `ipcredit.facts.checks.patent_key` gives it: the fast path for numbers
    that start with a digit and hold no blank, the general one for every other."""
    import duckdb

    from ipcredit.facts.checks import patent_key

    con = duckdb.connect()
    con.register("numbers", pa.table({"n": pa.array(numbers, pa.string())}))
    got = [k for (k,) in con.execute(f"SELECT {DUCKDB.patent_key('n')} FROM numbers").fetchall()]
    assert got == [patent_key(n) for n in numbers]


LIST_CHARS = "12ab;；,，、 \t\n\r\x0b\x1f\x85\xa0\u3000\u2003"


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.text(alphabet=LIST_CHARS, max_size=10), min_size=1, max_size=10))
def test_sql_splits_numbers_and_owners_as_the_single_engine(cells):
    """A cell listing patent numbers, or owners, split (and each owner stripped) in SQL as the
    single engine splits it: every blank Python knows, not just space and tab."""
    import duckdb

    from ipcredit.batch.raw import OWNER_SEP, SEP
    from ipcredit.facts.convert import convert
    from ipcredit.facts.readers import owner_names
    from ipcredit.facts.tables import TABLES_BY_NAME

    con = duckdb.connect()
    con.register("cells", pa.table({"c": pa.array(cells, pa.string())}))
    numbers = con.execute(f"SELECT list_filter({DUCKDB.regex_split('c', SEP)}, n -> n <> '') FROM cells").fetchall()
    column = TABLES_BY_NAME["transactions"].column("patent_numbers")
    assert [list(dict.fromkeys(n)) for (n,) in numbers] == [list(convert(column, c)[0] or ()) for c in cells]
    owners = con.execute(f"SELECT list_filter(list_transform({DUCKDB.regex_split('c', OWNER_SEP)}, x -> {DUCKDB.strip('x')}), "
                         "n -> n <> '') FROM cells").fetchall()
    assert [o for (o,) in owners] == [owner_names(c) for c in cells]


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.text(alphabet="9133A0b \t\n\xa0\u3000\u2003\x1c", max_size=22), min_size=1, max_size=10))
def test_sql_credit_code_text_is_the_single_engines(cells):
    """A credit-code cell stripped and upper-cased in SQL (`Dialect.code_strip`) as the single
    engine reads it, where it can be a valid code: an 18-byte value is taken as it is (with a
    blank in it, it is no valid code either way)."""
    import duckdb

    con = duckdb.connect()
    con.register("cells", pa.table({"c": pa.array(cells, pa.string())}))
    got = [k for (k,) in con.execute(f"SELECT upper({DUCKDB.code_strip('c')}) FROM cells").fetchall()]
    for cell, key in zip(cells, got):
        want = cell.strip().upper() or None
        if len(cell.encode()) == 18:
            assert key == cell.upper()
            assert want == key or want is None or len(want) != 18
        else:
            assert key == want
