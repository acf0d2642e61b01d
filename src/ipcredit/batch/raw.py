"""Raw record tables → the scoring input, in SQL: `ipcredit.facts.derive` for every enterprise.

Each CTE mirrors one derivation rule of `ipcredit.facts.rules` (keep them literal, rule by
rule). B and E are one pair of dates for the whole run, so every window is a pair of date
literals. Counts that derive takes over distinct patent numbers are plain sums here: an
enterprise with a duplicate patent number has a problem and is not scored. The typed
enterprises and the three large per-enterprise aggregates (patents, other rights, R&D years —
which also count each enterprise's bad rows) are materialised stages (`Plan.stages`); the
checks are planned in `ipcredit.batch.raw_checks`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from ipcredit.batch.columns import RATIO_SCALE
from ipcredit.batch.dialect import DUCKDB, Dialect
from ipcredit.batch.inputs import Check, Relation, record_rules, typed_table
from ipcredit.batch.raw_checks import AGGREGATES, YEARS, any_bad, flagged_codes, record_table_checks
from ipcredit.batch.typed import _knows, _quote, code_text, code_values, text_of
from ipcredit.batch.query import Plan, Rows
from ipcredit.facts import rules
from ipcredit.facts.convert import NUMBER_SEPARATORS
from ipcredit.facts.readers import OWNER_SEPARATORS
from ipcredit.facts.tables import TABLES_BY_NAME
from ipcredit.standard.dates import years_before

SEP = NUMBER_SEPARATORS          # between patent numbers, as `ipcredit.facts.convert` splits them
OWNER_SEP = OWNER_SEPARATORS     # between owners, as `ipcredit.facts.readers.owner_names` splits them


def _lit(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def _typed(d: Dialect, types: dict[str, dict[str, str]], flags: bool = False,
           codes_as_given: bool = False) -> dict[str, Relation]:
    rels = {}
    for name, table in TABLES_BY_NAME.items():
        if name in types:
            rels[name] = typed_table(d, table, f"src_{name}", name, types[name], flags, codes_as_given)
        else:  # an absent table is an empty one
            empty = typed_table(d, table, "(SELECT 0 AS line_no) z", name, {})
            rels[name] = Relation(empty.select + " WHERE FALSE", [])
    return rels


def _patents(d: Dialect, given: Relation, owners: bool, row: dict[str, str]) -> str:
    """Patent rows with their enterprise: the credit code as written (``given``: the typed,
    flagged rows with their codes as given), or the one enterprise named as owner (``owners``
    False: every row has a credit code, so no owner matching is planned). ``ent`` (typed
    enterprises) is materialised as a stage. ``row``: the per-row booleans ``bad``, ``inv``
    (an invention), ``valid`` (in force at B) and ``hv_base`` (high value other than by a
    pledge), each computed once per row; the normalised number ``pkey`` and the upper-cased
    code ``ucode`` only where a pledge could still make the patent high value."""
    names = d.explode(d.regex_split("owner", OWNER_SEP))
    # the codes are as written here (`typed.column_cell`, codes_as_given): a row without one is
    # NULL or nothing but blanks (`Dialect.code_strip`), and only such rows are in patent_owners
    code, join = ("CASE WHEN po.n = 1 THEN po.credit_code ELSE pt.credit_code END",
                  " LEFT JOIN patent_owners po ON pt.line_no = po.line_no") if owners else ("pt.credit_code", "")
    flags = ", ".join(f"{expr} AS {name}" for name, expr in row.items())
    return f"""
pt AS ({given.select}),
patent_owners AS (
  SELECT o.line_no, MIN(e.credit_code) AS credit_code, COUNT(DISTINCT e.credit_code) AS n
  FROM (SELECT line_no, {d.strip('o0')} AS owner_name
        FROM (SELECT line_no, {names} AS o0 FROM pt WHERE {d.code_strip('credit_code')} IS NULL AND owner IS NOT NULL) z) o
  LEFT JOIN ent e ON e.name = o.owner_name GROUP BY o.line_no
),
patents_resolved AS (
  SELECT code, bad, inv, valid, hv_base,
    CASE WHEN inv AND valid AND NOT hv_base THEN {d.patent_key('patent_number')} END AS pkey,
    CASE WHEN inv AND valid AND NOT hv_base THEN upper({d.code_strip('code')}) END AS ucode
  FROM (SELECT pt.patent_number, {code} AS code, {flags} FROM pt{join}) r
)"""


PAT_COUNTS = ("bad__", "valid_invention_patents", "other_patents", "high_value_patents")


def _rights(d: Dialect, flagged: Relation, given: Relation, bad: str, held: tuple[str, str]) -> str:
    """``rights_c``: per enterprise, its bad rows and the other rights it holds (`_held_items`).
    DuckDB: ``rights_g``, the rows grouped by the code as written; `_stages` groups the groups
    by the code upper-cased (`_regrouped`).
    Rows and hash counts cannot be added across spellings (one right may be listed under two),
    but the largest hash count will do: with rows under two spellings it is below the rows in
    all, so `_held_exact` counts the enterprise again over its rows; with rows under one, it is
    that spelling's own count. Spark: grouped by the upper-cased code."""
    if d.name != "duckdb":
        return f"""rights_c AS (
  SELECT credit_code, {bad} AS bad__, {_held_items(d, held)}
  FROM ({flagged.select}) r GROUP BY credit_code
)"""
    return f"""rights_g AS (
  SELECT credit_code, {bad} AS bad__, {_held_items(d, held)}
  FROM ({given.select}) r GROUP BY credit_code
)"""


def _high_value_base(d: Dialect, pt_types: dict[str, str], B: str, old: str) -> str:
    """SQL: the patent row is high value other than by a pledge (`rules.high_value`), TRUE or
    FALSE. A CASE, so that the family-country split runs only on the rows still undecided; a
    PCT date or family-country column that the file lacks or holds only NULLs in
    (`typed.ColumnType.all_null`) is left out — DuckDB does not fold the constant branches
    away, and the CASE cost 0.18 s over 10M rows."""
    def nothing(col: str) -> bool:
        return col not in pt_types or _knows(pt_types[col], "all_null")

    terms = ["strategic_emerging", "overseas_family", "award"]
    terms += [] if nothing("pct_date") else [f"COALESCE(pct_date <= {B}, FALSE)"]
    terms.append(f"COALESCE(application_date < {old}, FALSE)")
    if nothing("family_countries"):
        return f"COALESCE({' OR '.join(terms)}, FALSE)"
    return (f"CASE WHEN {' OR '.join(terms)} THEN TRUE WHEN family_countries IS NULL THEN FALSE "
            f"ELSE {d.any_other_token('family_countries', SEP, 'CN')} END")


def _patent_keys(d: Dialect, types: dict[str, dict[str, str]]) -> str:
    """The slim key relation of the patent rows: line, credit code as given, normalised number."""
    pt_types = types.get("patents", {})
    return (f"SELECT line_no, upper({code_text(d, 'credit_code', pt_types.get('credit_code'))}) AS credit_code, "
            f"{d.patent_key(text_of(d, 'patent_number', pt_types.get('patent_number')))} AS pkey FROM src_patents")


def raw_plan(d: Dialect, types: dict[str, dict[str, str]], e: dt.date, b: dt.date,
             pledge_threshold: Decimal, maintained_years: int, owners: bool = True) -> Plan:
    """The plan for the whole population: derivation CTEs, problems, scoring input, records."""
    t, flagged = _typed(d, types), _typed(d, types, flags=True)
    # the large tables are grouped by the code as written first, the groups then by the code
    # upper-cased: upper() over 10M patent rows cost 0.34 s, over their ≈ 450k groups ≈ 0
    given = _typed(d, types, flags=True, codes_as_given=True)
    B, since = _lit(b), _lit(years_before(b, rules.WINDOW_YEARS))
    in_window = lambda col: f"({col} > {since} AND {col} <= {B})"  # noqa: E731  rules.in_3y_window
    y1, y2, y3 = rules.rd_years(b)
    # in force at B (`rules.patent_in_force`): granted by B, and not lapsed by B — the lapse date, or
    # for a patent whose status is lapsed without one, the status date; neither: in force. One
    # CASE, decided branch by branch (0.12 s less over 10M rows than COALESCEs under an OR)
    in_force = (f"(CASE WHEN grant_date IS NULL OR grant_date > {B} THEN FALSE "
                f"WHEN lapse_date IS NOT NULL THEN lapse_date > {B} "
                f"WHEN legal_status = 'lapsed' AND status_date IS NOT NULL THEN status_date > {B} ELSE TRUE END)")
    old = _lit(years_before(b, maintained_years))
    # other rights held at B: distinct (kind, number), `rules` other_ip
    held = (f"registration_date <= {B} AND (expiry_date IS NULL OR expiry_date >= {B})", "concat(kind, ':', number)")
    numbers = f"{d.explode(d.regex_split('patent_numbers', SEP))}"
    bad = lambda name: f"count_if({any_bad(name, flagged[name])})"  # noqa: E731
    row = {"bad": any_bad("patents", flagged["patents"]), "inv": "(patent_type = 'invention')", "valid": in_force,
           "hv_base": _high_value_base(d, types.get("patents", {}), B, old)}
    body = _patents(d, given["patents"], owners, row) + f""",
patent_keys AS ({_patent_keys(d, types)}),
tx AS ({t['transactions'].select}),
tx_numbers AS (
  SELECT credit_code, kind, registration_date, COALESCE(amount_wan, 0) AS amount, {d.patent_key('n')} AS pkey
  FROM (SELECT credit_code, kind, registration_date, amount_wan, {numbers} AS n FROM tx WHERE patent_numbers IS NOT NULL) x
  WHERE n <> ''
),
pledged AS (
  SELECT credit_code, pkey, MAX(amount) AS best FROM tx_numbers
  WHERE kind = 'pledge' AND registration_date <= {B} GROUP BY credit_code, pkey
  HAVING MAX(amount) >= {pledge_threshold}
),
pat_g AS (
  SELECT p.code, count_if(p.bad) AS bad__,
    count_if(p.inv AND p.valid) AS valid_invention_patents,
    count_if(NOT p.inv AND p.valid) AS other_patents,
    count_if(p.inv AND p.valid AND (p.hv_base OR pl.best IS NOT NULL)) AS high_value_patents
  FROM patents_resolved p LEFT JOIN pledged pl ON pl.credit_code = p.ucode AND pl.pkey = p.pkey
  GROUP BY p.code
),
pat_c AS ({_by_upper_code(d, "pat_g", "code", PAT_COUNTS)}),
{_rights(d, flagged['other_rights'], given['other_rights'], bad('other_rights'), held)},
foreign_ AS (SELECT credit_code, COUNT(*) AS n FROM ({t['foreign_filings'].select}) f WHERE filing_date <= {B} GROUP BY credit_code),
flows AS (
  SELECT credit_code,
    SUM(CASE WHEN kind IN ('transfer', 'license') THEN COALESCE(amount_wan, 0) ELSE 0 END) AS transfer_license_wan,
    SUM(CASE WHEN kind = 'pledge' THEN COALESCE(amount_wan, 0) ELSE 0 END) AS pledge_wan
  FROM tx WHERE {in_window('registration_date')} GROUP BY credit_code
),
pools AS (
  SELECT credit_code,
    {d.count_distinct("CASE WHEN kind IN ('open_license', 'pool') THEN pkey END")} AS open_license_or_pool_patents,
    {d.count_distinct("CASE WHEN kind = 'standard' THEN pkey END")} AS standard_patents
  FROM tx_numbers WHERE {in_window('registration_date')} GROUP BY credit_code
),
disputes_ AS (
  SELECT credit_code, SUM(amount_wan) AS dispute_gain_wan FROM ({t['disputes'].select}) x
  WHERE {in_window('decision_date')} GROUP BY credit_code
),
certs AS (
  SELECT credit_code,
    MAX(CASE WHEN kind IN ('gbt29490_2013', 'gbt29490_2023') THEN 1 ELSE 0 END) AS ipms,
    MAX(CASE WHEN kind = 'iso56005' THEN 1 ELSE 0 END) AS iso,
    MAX(CASE WHEN kind IN ('ip_advantage', 'ip_demo') THEN 1 ELSE 0 END) AS adv
  FROM ({t['certifications'].select}) c
  WHERE issue_date <= {B} AND (expiry_date IS NULL OR expiry_date >= {B})
    AND NOT (kind = 'gbt29490_2013' AND {B} > {_lit(rules.GBT_29490_2013_LAST_DAY)})
  GROUP BY credit_code
),
rd_c AS (
  SELECT credit_code, {bad('rd_yearly')} + COUNT(year) - {_distinct_years(d)} AS bad__,
    {_ratio_sums('rd_staff_ratio', (y1, y2, y3))}, {_ratio_sums('rd_expense_ratio', (y1, y2, y3))},
    MAX(CASE WHEN year = {y3} THEN revenue_wan END) AS annual_revenue_wan
  FROM ({flagged['rd_yearly'].select}) r GROUP BY credit_code
)"""
    problems = [replace(c, src="ent") for c in flagged["enterprises"].problems] + t["records"].problems
    problems += record_table_checks(flagged, set(types), owners) + record_rules(d, t["records"].select, "records")
    problems.append(Check("ent", "credit_code", "enterprises", "行业代码",
                             f"industry IS NOT NULL AND NOT {d.full_match('industry', '[A-T]([0-9]{2}([0-9]{1,2})?)?')}",
                             "国民经济行业代码格式错误，应如 C39 或 C3911 (GB/T 4754 code)"))
    roster = f"SELECT credit_code, line_no, {_lit(e)} AS e_date FROM ent"
    codes = (code_values(d, "src_enterprises", types["enterprises"].get("credit_code")),) if "enterprises" in types else ()
    # the listed codes' hashes first: the second stage reads them (`_listed_codes`)
    repeated = ((DUP_CODES, f"SELECT hash(code) AS h FROM ({codes[0]}) c"),) if codes else ()
    repeated += ((DUP_HASHES, _pkey_hashes(_patent_keys(d, types))),) if "patents" in types else ()
    return Plan(Relation(_input_select(e, b), problems), Relation(t["records"].select, []), "drop", body, roster,
                _stages(d, flagged, types, held), codes, _lit(e), "ent_codes", repeated)


def _stages(d: Dialect, flagged: dict[str, Relation], types: dict[str, dict[str, str]], held: tuple[str, str]) -> tuple:
    """Materialised in order: typed enterprises and their codes (with how many rows list each:
    `Plan.known`, `_listed_codes`), the three large aggregates (with their bad-row counts),
    duplicate patent keys and the enterprises the aggregates flag."""
    stages = [("ent", flagged["enterprises"].select, False), ("ent_codes", _listed_codes, False)]
    for agg in AGGREGATES.values():
        if d.name != "duckdb" or agg == "rd":
            stages.append((agg, f"SELECT * FROM {agg}_c", True))
        elif agg == "pat":
            stages += [("pat_w", "SELECT * FROM pat_g", True), ("pat", _regrouped("pat_w", "code", PAT_COUNTS), False)]
        else:
            stages += [("rights_w", "SELECT * FROM rights_g", True),
                       ("rights_h", _regrouped("rights_w", "credit_code", RIGHTS_SUMS, ("held__hashes",)), False),
                       ("rights", _held_exact(held, flagged["other_rights"].select), False)]
    if "patents" in types:
        stages.append(("dup_pkeys", _dup_pkeys(_patent_keys(d, types), DUP_HASHES), False))
    stages.append(("flagged_codes", flagged_codes(d), False))
    return tuple(stages)


RIGHTS_SUMS = ("bad__", "held__rows")


def _by_upper_code(d: Dialect, table: str, code: str, sums: tuple[str, ...], maxes: tuple[str, ...] = ()) -> str:
    """SELECT: ``table``, one row per code as written (column ``code``), grouped by the code
    stripped of blanks (`Dialect.code_strip`) and upper-cased: the sums of ``sums``, the
    largest of ``maxes``."""
    items = [f"CAST(SUM({c}) AS BIGINT) AS {c}" for c in sums] + [f"MAX({c}) AS {c}" for c in maxes]
    key = f"upper({d.code_strip(code)})"
    return f"SELECT {key} AS credit_code, {', '.join(items)} FROM {table} GROUP BY {key}"


def _regrouped(table: str, code: str, sums: tuple[str, ...], maxes: tuple[str, ...] = ()):
    """A stage shaped by what ``table`` holds (`Plan.stages`): `_by_upper_code`, unless every
    code as written is 18 bytes long and unchanged when upper-cased — the usual case, where the groups are already one per
    enterprise and are copied as they are (grouping the 450k patent groups again cost 0.14 s of
    CPU at 1M enterprises, checking the codes ≈ 0.01 s)."""
    def sql(run: Rows) -> str:
        if run(f"SELECT count(*) FROM {table} WHERE {code} <> upper({code}) OR {DUCKDB.byte_length(code)} <> 18")[0][0]:
            return _by_upper_code(DUCKDB, table, code, sums, maxes)
        items = [f"CAST({c} AS BIGINT) AS {c}" for c in sums] + list(maxes)
        return f"SELECT {code} AS credit_code, {', '.join(items)} FROM {table}"
    return sql


def _held_items(d: Dialect, held: tuple[str, str], hash_fn: str = "hash") -> str:
    """The aggregate items counting the distinct values of ``key`` over the rows where ``cond``
    holds (``held`` = (cond, key), key never NULL) per enterprise. Spark: ``held``, an exact
    COUNT(DISTINCT). DuckDB: the rows (``held__rows``) and their keys' distinct 64-bit hashes
    (``held__hashes``) — integers in the per-group lists instead of strings, ≈ 0.4 s less for
    the 4.7 M rows of other rights at 1M enterprises; `_held_exact` makes the count exact."""
    cond, key = held
    if d.name != "duckdb":
        return f"{d.count_distinct(f'CASE WHEN {cond} THEN {key} END')} AS held"
    return f"count_if({cond}) AS held__rows, {d.count_distinct(f'CASE WHEN {cond} THEN {hash_fn}({key}) END')} AS held__hashes"


RECOUNT_LISTED_MAX = 1000  # enterprises to count again named in the SQL; more: a join


def _held_exact(held: tuple[str, str], rows: str):
    """``rights`` from ``rights_h`` (`_held_items`), a stage shaped by what ``rights_h`` holds.
    Equal keys have equal hashes, so as many distinct hashes as rows means distinct keys, and
    ``held__rows`` is the exact count. The enterprises with fewer (a right listed twice, or a
    hash collision — rare) are counted again exactly over their own rows: named in the query
    (a filter below the typed select: ≈ 0.1 s over 4.7 M rows, where a join with them costs
    0.36 s), or by a join when there are many. The rows without a credit code are no
    enterprise: their count stays ``held__rows``."""
    cond, key = held
    recount = "SELECT credit_code FROM rights_h WHERE held__hashes < held__rows AND credit_code IS NOT NULL"

    def sql(run: Rows) -> str:
        codes = [code for (code,) in run(recount + f" LIMIT {RECOUNT_LISTED_MAX + 1}")]
        if not codes:
            return "SELECT credit_code, bad__, held__rows AS held FROM rights_h"
        chosen = (f"({', '.join(_quote(c) for c in codes)})" if len(codes) <= RECOUNT_LISTED_MAX else f"({recount})")
        return f"""SELECT h.credit_code, h.bad__, COALESCE(x.held, h.held__rows) AS held
FROM rights_h h LEFT JOIN (
  SELECT r.credit_code, {DUCKDB.count_distinct(f'CASE WHEN {cond} THEN {key} END')} AS held
  FROM ({rows}) r WHERE r.credit_code IN {chosen} GROUP BY r.credit_code
) x ON x.credit_code = h.credit_code"""
    return sql


DUP_HASHES = "dup_hashes__"  # the patent-number hashes seen more than once (`Plan.repeated`)
DUP_CODES = "dup_codes__"    # the hashes of the listed credit codes seen more than once (`Plan.repeated`)


def _listed_codes(run: Rows) -> str:
    """``ent_codes`` (`Plan.known`): every listed credit code and how many rows list it. The
    codes' hashes seen twice (``dup_codes__``, found by the executor beside the stages) are
    candidates for a code listed twice: when there are none — the usual case — every code is
    listed once and is copied as it is (0.03 s at 1M where grouping 1M codes took 0.15 s); a
    NULL code has a hash too, so two enterprises without a code are candidates as well."""
    if run(f"SELECT COUNT(*) FROM {DUP_CODES}")[0][0] == 0:
        return "SELECT credit_code AS known__, 1 AS n__ FROM ent"
    return "SELECT credit_code AS known__, COUNT(*) AS n__ FROM ent GROUP BY credit_code"


def _pkey_hashes(keys: str, hash_fn: str = "hash") -> str:
    """The 64-bit hash of every normalised patent number, as column ``h``."""
    return f"SELECT {hash_fn}(pkey) AS h FROM ({keys}) k0"


def _dup_pkeys(keys: str, candidates: str, hash_fn: str = "hash") -> str:
    """The normalised patent numbers that occur more than once. Comparing 10 M strings is slow;
    comparing their 64-bit hashes is not: the hashes seen twice (``candidates``, built by the
    executor from `_pkey_hashes`: `Plan.repeated`) name the candidates — every duplicate among
    them, plus the rare collisions — and only those rows' numbers are then grouped exactly, so
    the result is the same as grouping the numbers. No duplicate: an empty build side, and
    DuckDB does not scan the keys again."""
    return (f"SELECT k.pkey FROM ({keys}) k JOIN {candidates} c ON {hash_fn}(k.pkey) = c.h "
            f"GROUP BY k.pkey HAVING COUNT(*) > 1")


def _distinct_years(d: Dialect) -> str:
    """An aggregate: how many distinct R&D years an enterprise lists (its rows less this count
    are its duplicate years: bad rows). DuckDB counts the plausible years (`raw_checks.YEARS`,
    121 of them) as bits of two 64-bit masks — exact, since a year outside them is a bad row
    anyway, and 0.2 s less than a list per enterprise over 1.5M rows. Spark: COUNT(DISTINCT)."""
    if d.name != "duckdb":
        return d.count_distinct("year")
    lo, hi = YEARS
    mid = lo + 64
    masks = [f"COALESCE(bit_count(bit_or(CASE WHEN year BETWEEN {a} AND {b} THEN CAST(1 AS UBIGINT) << CAST(year - {a} AS UBIGINT) END)), 0)"
             for a, b in ((lo, mid - 1), (mid, hi))]
    return "(" + " + ".join(masks) + ")"


def _ratio_sums(col: str, years: tuple[int, int, int]) -> str:
    inside = f"year IN ({', '.join(map(str, years))}) AND {col} IS NOT NULL"
    # share × 10⁹ exactly, in 64-bit DECIMAL arithmetic (a DECIMAL(18,0) factor; 1 on its own so
    # that the product stays below 10¹⁸); a share outside [0, 1] is a problem, its enterprise unscored
    scaled = (f"CASE WHEN {col} = 1 THEN {RATIO_SCALE} WHEN {col} >= 0 AND {col} < 1 "
              f"THEN CAST({col} * CAST({RATIO_SCALE} AS DECIMAL(18,0)) AS BIGINT) END")
    return (f"SUM(CASE WHEN {inside} THEN {scaled} ELSE 0 END) AS {col}__sum, "
            f"count_if({inside}) AS {col}__n")


def _input_select(e: dt.date, b: dt.date) -> str:
    """The scoring input: one row per listed enterprise (`ipcredit.batch.columns`)."""
    z = lambda expr: f"COALESCE({expr}, 0)"  # noqa: E731
    # counts and scaled shares as BIGINT: DuckDB sums integers into 128-bit HUGEINT, whose
    # arithmetic in the scoring expressions cost ≈ 0.3 s at 1M (the values fit 64 bits by far)
    n = lambda expr: f"CAST({z(expr)} AS BIGINT)"  # noqa: E731
    return f"""SELECT ent.line_no, ent.credit_code, ent.name, {_lit(e)} AS e_date, {_lit(b)} AS b_date,
  rd.annual_revenue_wan, ent.ip_department, {z('ent.ip_specialists')} AS ip_specialists, ent.ip_lawyer,
  {n('rd.rd_staff_ratio__sum')} AS rd_staff_ratio__sum, CAST({z('rd.rd_staff_ratio__n')} AS INT) AS rd_staff_ratio__n,
  {n('rd.rd_expense_ratio__sum')} AS rd_expense_ratio__sum, CAST({z('rd.rd_expense_ratio__n')} AS INT) AS rd_expense_ratio__n,
  ent.strategy_formulated AS ip_strategy_formulated, ent.strategy_culture AS ip_strategy_culture,
  ent.strategy_system AS ip_strategy_system, ent.strategy_integrated AS ip_strategy_integrated,
  COALESCE(certs.ipms = 1, FALSE) AS ipms_certified, COALESCE(certs.iso = 1, FALSE) AS iso56005_certified,
  COALESCE(certs.adv = 1, FALSE) AS ip_advantage_or_demo,
  ent.early_warning, ent.rights_protection, ent.ip_association,
  {n('pat.valid_invention_patents')} AS valid_invention_patents,
  {n('pat.other_patents')} + {n('rights.held')} AS other_ip,
  {z('foreign_.n')} AS foreign_applications,
  {z('flows.transfer_license_wan')} AS transfer_license_wan, {z('flows.pledge_wan')} AS pledge_wan,
  {z('pools.open_license_or_pool_patents')} AS open_license_or_pool_patents, {z('pools.standard_patents')} AS standard_patents,
  {n('pat.high_value_patents')} AS high_value_patents, {z('disputes_.dispute_gain_wan')} AS dispute_gain_wan,
  ent.trade_secret_full_process, ent.trade_secret_internal, ent.trade_secret_external
FROM ent
LEFT JOIN pat ON pat.credit_code = ent.credit_code
LEFT JOIN rights ON rights.credit_code = ent.credit_code
LEFT JOIN foreign_ ON foreign_.credit_code = ent.credit_code
LEFT JOIN flows ON flows.credit_code = ent.credit_code
LEFT JOIN pools ON pools.credit_code = ent.credit_code
LEFT JOIN disputes_ ON disputes_.credit_code = ent.credit_code
LEFT JOIN certs ON certs.credit_code = ent.credit_code
LEFT JOIN rd ON rd.credit_code = ent.credit_code"""
