"""The few SQL spellings that differ between DuckDB and Spark SQL.

Everything else the compiler writes is plain ANSI SQL both engines accept: CASE, COALESCE,
BIGINT arithmetic, date comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    name: str

    @property
    def text_type(self) -> str:
        """The SQL type of text."""
        return "VARCHAR" if self.name == "duckdb" else "STRING"

    def idiv(self, a: str, b: str) -> str:
        """Integer division of non-negative BIGINTs (floor)."""
        op = "//" if self.name == "duckdb" else "div"
        return f"(({a}) {op} ({b}))"

    def years_before(self, day: str, years: int) -> str:
        """The same month and day ``years`` earlier; 29 February → 28 February (SPEC §2.1)."""
        if self.name == "duckdb":
            return f"CAST(({day}) - INTERVAL {int(years)} YEAR AS DATE)"
        return f"add_months({day}, {-12 * int(years)})"

    def regex_split(self, text: str, pattern: str) -> str:
        """A text split into a list by a regular expression."""
        if self.name == "duckdb":
            return f"regexp_split_to_array({text}, '{pattern}')"
        return f"split({text}, '{pattern}')"

    def full_match(self, text: str, pattern: str) -> str:
        """True when the whole text matches the regular expression."""
        if self.name == "duckdb":
            return f"regexp_full_match({text}, '{pattern}')"
        return f"({text} RLIKE '^{pattern}$')"

    def explode(self, items: str) -> str:
        """One row per element of a list (in a SELECT list)."""
        return f"unnest({items})" if self.name == "duckdb" else f"explode({items})"

    def any_other_token(self, text: str, pattern: str, token: str) -> str:
        """True when ``text`` split by ``pattern`` has a non-empty part other than ``token``."""
        parts = self.regex_split(f"upper({text})", pattern)
        if self.name == "duckdb":
            return f"({text} IS NOT NULL AND len(list_filter({parts}, x -> x <> '' AND x <> '{token}')) > 0)"
        return f"({text} IS NOT NULL AND size(filter({parts}, x -> x <> '' AND x <> '{token}')) > 0)"

    def strip(self, text: str) -> str:
        """``text`` without the blanks at either end (Python's ``str.strip``: every character of
        `ipcredit.facts.convert.SPACES`). Slow over millions of rows (a character set): for the
        few rows that need it."""
        from ipcredit.facts.convert import SPACES

        if self.name == "duckdb":
            return f"trim({text}, '{SPACES}')"
        return f"trim(BOTH '{SPACES}' FROM {text})"

    def byte_length(self, text: str) -> str:
        """The length of ``text`` in bytes (UTF-8), not characters."""
        return f"strlen({text})" if self.name == "duckdb" else f"octet_length({text})"

    def code_strip(self, text: str) -> str:
        """A credit code without the blanks around it, NULL when nothing is left — as the
        single engine reads it. Stripping with a set of characters is slow (9.7 s of CPU over
        10M cells), so only a value that is not 18 bytes long is stripped: an 18-byte value
        with a blank around it is no valid code either way (stripped, it is shorter)."""
        return f"(CASE WHEN {self.byte_length(text)} = 18 THEN {text} ELSE NULLIF({self.strip(text)}, '') END)"

    def patent_key(self, number: str) -> str:
        """`ipcredit.facts.checks.patent_key`: no blanks, upper case, no leading CN / ZL."""
        from ipcredit.facts.checks import PATENT_BLANKS

        strip = (f"regexp_replace(upper({number}), '[{PATENT_BLANKS}]+', '', 'g')" if self.name == "duckdb"
                 else f"regexp_replace(upper({number}), '[{PATENT_BLANKS}]+', '')")
        general = f"(CASE WHEN left({strip}, 2) IN ('CN', 'ZL') THEN substr({strip}, 3) ELSE {strip} END)"
        # the usual form starts with a digit (so no CN / ZL) and has no blank: upper case is all.
        # A digit first: two comparisons of bytes ('0' ≤ text < ':', the byte after '9'; ascii()
        # decodes the character: 0.06 s more of CPU over 10M numbers); no blank: ASCII only (bytes
        # = characters: no blank beyond ASCII) and none of the four ASCII blanks. A regular
        # expression for all of it cost 0.6 s more over 10M numbers.
        usual = (f"{number} >= '0' AND {number} < ':' AND {self.byte_length(number)} = length({number}) AND "
                 + " AND ".join(f"NOT contains({number}, '{c}')" for c in PATENT_BLANKS if c < "\x80"))
        return f"(CASE WHEN {usual} THEN upper({number}) ELSE {general} END)"

    def repeated(self, values: str, col: str) -> str:
        """The values of column ``col`` of relation ``values`` that occur more than once, each
        once, grouped (Spark; DuckDB sorts them in numpy instead: `ipcredit.batch.duck.repeated`)."""
        return f"SELECT {col} FROM ({values}) v GROUP BY {col} HAVING COUNT(*) > 1"

    def count_distinct(self, expr: str) -> str:
        """How many distinct non-NULL values of ``expr`` a group has (an aggregate). DuckDB: the
        group's values as a list, counted there — a COUNT(DISTINCT) keeps one hash table over
        every (group, value) pair of the table."""
        if self.name == "duckdb":
            return f"list_unique(list({expr}))"
        return f"COUNT(DISTINCT {expr})"

    def date_literal(self, iso: str) -> str:
        return f"DATE '{iso}'"


DUCKDB = Dialect("duckdb")
SPARK = Dialect("spark")


def dialect_for(name: str) -> Dialect:
    return {"duckdb": DUCKDB, "spark": SPARK}[name]
