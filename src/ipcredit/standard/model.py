"""The scoring model as data: strict loading of a model YAML file (A.2.1, SPEC §2).

A model file names its dimensions, indicators (with clause, full marks and a rule), the
behaviour-record rules, the grade bands and the profiles (dimension points). Loading is
strict: unknown keys, a table that is not increasing, a rule whose best result is not the
indicator's full marks, full marks that do not add up to the dimension's ``raw_max``,
profiles that do not add up to 100, or an agency model whose own indicators hold more than
30% of the points — each is a `ModelError` naming the file and key.

An agency model may be a whole file, or an overlay: ``extends: t-cfie-002-2023`` plus only
what it changes (indicators and dimensions are merged by ``id``; see docs/interpretation.md).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ipcredit.errors import ModelError, Problem
from ipcredit.standard.facts import BAD_CATEGORIES, RECORD_KINDS, _pydantic_problems, field_kinds
from ipcredit.yamlio import load_file, loads

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
BUNDLED_ID = "t-cfie-002-2023"
STANDARD_DIMENSIONS = ("basic", "capacity", "behavior")
MIN_STANDARD_SHARE = Decimal(70)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ----------------------------------------------------------------------------- conditions

class AtLeast(_Strict):
    field: str
    at_least: Decimal


class AllOf(_Strict):
    all: list[Condition]


class AnyOf(_Strict):
    any: list[Condition]


Condition = Union[str, AtLeast, AllOf, AnyOf]
AllOf.model_rebuild()
AnyOf.model_rebuild()


def condition_fields(cond: Condition) -> list[str]:
    if isinstance(cond, str):
        return [cond]
    if isinstance(cond, AtLeast):
        return [cond.field]
    items = cond.all if isinstance(cond, AllOf) else cond.any
    return [f for c in items for f in condition_fields(c)]


# ----------------------------------------------------------------------------- rules

class StepRow(_Strict):
    at_least: Decimal | None = None
    above: Decimal | None = None
    points: Decimal

    @model_validator(mode="after")
    def _one_bound(self) -> StepRow:
        if (self.at_least is None) == (self.above is None):
            raise ValueError("每行须且只能有 at_least 或 above 之一 (exactly one of at_least / above)")
        return self

    @property
    def bound(self) -> Decimal:
        return self.at_least if self.at_least is not None else self.above  # type: ignore[return-value]

    def reached_by(self, value: Decimal) -> bool:
        return value >= self.at_least if self.at_least is not None else value > self.above  # type: ignore[operator]

    def text(self, unit: str) -> str:
        return f"≥{self.at_least}{unit}" if self.at_least is not None else f">{self.above}{unit}"


class FlagRule(_Strict):
    type: Literal["flag"]
    label: str
    when: Condition
    points: Decimal

    def max_points(self) -> Decimal:
        return self.points

    def fields(self) -> list[str]:
        return condition_fields(self.when)


class StepRule(_Strict):
    type: Literal["step"]
    label: str
    field: str
    unit: str = ""
    table: list[StepRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _increasing(self) -> StepRule:
        first = self.table[0]
        if first.at_least is None or first.at_least != 0 or first.points != 0:
            raise ValueError("第一行须为 {at_least: 0, points: 0} (the table must start at 0 → 0)")
        for prev, row in zip(self.table, self.table[1:]):
            order = (row.bound, row.above is not None) > (prev.bound, prev.above is not None)
            if not order or row.points < prev.points:
                raise ValueError("阶梯表的下限与分值须逐行递增 (bounds and points must increase row by row)")
        return self

    def max_points(self) -> Decimal:
        return self.table[-1].points

    def fields(self) -> list[str]:
        return [self.field]


class RevenueBand(_Strict):
    up_to: Decimal | None = None
    target: Decimal = Field(gt=0, le=1)


class TargetBy(_Strict):
    field: str
    label: str
    unit: str = ""
    bands: list[RevenueBand] = Field(min_length=1)
    unknown: Decimal = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _bands(self) -> TargetBy:
        bounds = [b.up_to for b in self.bands[:-1]]
        if any(b is None for b in bounds) or self.bands[-1].up_to is not None:
            raise ValueError("只有最后一档可以没有 up_to (only the last band is open-ended)")
        if bounds != sorted(bounds):  # type: ignore[type-var]
            raise ValueError("各档 up_to 须递增 (up_to must increase)")
        return self


class RatioAverageRule(_Strict):
    type: Literal["ratio_average"]
    label: str
    field: str
    points: Decimal
    target: Decimal | None = Field(default=None, gt=0, le=1)
    target_by: TargetBy | None = None

    @model_validator(mode="after")
    def _one_target(self) -> RatioAverageRule:
        if (self.target is None) == (self.target_by is None):
            raise ValueError("须且只能有 target 或 target_by 之一 (exactly one of target / target_by)")
        return self

    def max_points(self) -> Decimal:
        return self.points

    def fields(self) -> list[str]:
        return [self.field] + ([self.target_by.field] if self.target_by else [])


class SumRule(_Strict):
    type: Literal["sum"]
    label: str = ""
    gate: Condition | None = None
    gate_label: str = ""
    parts: list[Rule] = Field(min_length=1)

    def max_points(self) -> Decimal:
        return sum((p.max_points() for p in self.parts), Decimal(0))

    def fields(self) -> list[str]:
        own = condition_fields(self.gate) if self.gate is not None else []
        return own + [f for p in self.parts for f in p.fields()]


Rule = Annotated[Union[FlagRule, StepRule, RatioAverageRule, SumRule], Field(discriminator="type")]
SumRule.model_rebuild()


# ----------------------------------------------------------------------------- structure

class Indicator(_Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    name: str
    name_en: str = ""
    clause: str = ""
    full: Decimal = Field(gt=0)
    rule: Rule


class Dimension(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str = ""
    clause: str = ""
    raw_max: Decimal = Field(gt=0)
    agency: bool = False  # an agency's own dimension (A.2.1), outside the standard's indicators
    indicators: list[Indicator] = Field(min_length=1)


class BehaviourRule(_Strict):
    id: str
    kind: Literal[RECORD_KINDS]  # type: ignore[valid-type]
    category: Literal[BAD_CATEGORIES] | None = None  # type: ignore[valid-type]
    name: str
    name_en: str = ""
    clause: str = ""
    adjustment: Decimal | Literal["from_record"]
    window_years: int = Field(default=0, ge=0)
    count: Literal["each", "once"] = "each"
    unless: list[str] = []
    max_deduction: Decimal | None = Field(default=None, gt=0)

    @property
    def positive(self) -> bool:
        return self.adjustment != "from_record" and self.adjustment > 0


class Behaviour(_Strict):
    id: str = "behavior"
    name: str
    name_en: str = ""
    clause: str = ""
    start: Decimal
    floor: Decimal
    ceiling: Decimal
    default_window_years: int = Field(gt=0)
    rules: list[BehaviourRule] = Field(min_length=1)


class Grade(_Strict):
    grade: str
    min: Decimal
    label: str
    description: str


class Profile(_Strict):
    name: str
    name_en: str = ""
    note: str = ""
    dimensions: dict[str, Decimal]


class Model(_Strict):
    id: str
    version: str
    title: str
    standard: str
    clause: str = ""
    extends: str | None = None
    default_profile: str
    profiles: dict[str, Profile]
    parameters: dict[str, Decimal] = {}
    dimensions: list[Dimension] = Field(min_length=1)
    behavior: Behaviour
    grades: list[Grade] = Field(min_length=1)
    content_hash: str = ""

    def dimension_ids(self) -> list[str]:
        return [d.id for d in self.dimensions] + [self.behavior.id]

    def indicators(self) -> list[tuple[Dimension, Indicator]]:
        return [(d, i) for d in self.dimensions for i in d.indicators]

    def indicator(self, indicator_id: str) -> Indicator:
        for _, ind in self.indicators():
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def grade_for(self, total: Decimal) -> Grade:
        for g in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if total >= g.min:
                return g
        return min(self.grades, key=lambda g: g.min)

    def profile(self, name: str | None) -> tuple[str, Profile]:
        name = name or self.default_profile
        if name not in self.profiles:
            raise ModelError(Problem("profile", f"模型 {self.id} 没有口径 {name!r}，可选: {', '.join(self.profiles)} (unknown profile)"))
        return name, self.profiles[name]


# ----------------------------------------------------------------------------- checks

def _consistency_problems(model: Model) -> list[Problem]:
    problems: list[Problem] = []
    known = field_kinds()
    ids: set[str] = set()
    for d_i, dim in enumerate(model.dimensions):
        total = sum((ind.full for ind in dim.indicators), Decimal(0))
        if total != dim.raw_max:
            problems.append(Problem(f"dimensions[{d_i}].raw_max", f"{dim.id} 各指标满分合计 {total}，与 raw_max {dim.raw_max} 不符 (full marks must add up to raw_max)"))
        for i_i, ind in enumerate(dim.indicators):
            at = f"dimensions[{d_i}].indicators[{i_i}]"
            if ind.id in ids:
                problems.append(Problem(f"{at}.id", f"指标编号 {ind.id} 重复 (duplicate indicator id)"))
            ids.add(ind.id)
            best = ind.rule.max_points()
            if best != ind.full:
                problems.append(Problem(f"{at}.rule", f"{ind.id} 规则最高得分 {best} 与满分 {ind.full} 不符 (the rule's best result must equal full marks)"))
            for f in ind.rule.fields():
                if f not in known and not f.startswith("custom."):
                    problems.append(Problem(f"{at}.rule", f"{ind.id} 引用了不存在的事实字段 {f!r} (unknown facts field)"))
    problems.extend(_behaviour_problems(model))
    problems.extend(_profile_problems(model))
    if not any(g.min == 0 for g in model.grades):
        problems.append(Problem("grades", "须有一个 min: 0 的最低等级 (a lowest grade with min 0 is required)"))
    if model.default_profile not in model.profiles:
        problems.append(Problem("default_profile", f"口径 {model.default_profile!r} 未定义 (undefined profile)"))
    return problems


def _behaviour_problems(model: Model) -> list[Problem]:
    problems = []
    b = model.behavior
    if not b.floor <= b.start <= b.ceiling:
        problems.append(Problem("behavior.start", "起始分须在 floor 与 ceiling 之间 (start must lie within [floor, ceiling])"))
    rule_ids = [r.id for r in b.rules]
    for r_i, rule in enumerate(b.rules):
        at = f"behavior.rules[{r_i}]"
        if (rule.kind == "bad_record") != (rule.category is not None):
            problems.append(Problem(f"{at}.category", "bad_record 规则须有 category，其他规则不能有 (category goes with bad_record only)"))
        if (rule.adjustment == "from_record") != (rule.kind == "infringement"):
            problems.append(Problem(f"{at}.adjustment", "只有 infringement 的扣分取自记录 (from_record is for infringement only)"))
        for other in rule.unless:
            if other not in rule_ids:
                problems.append(Problem(f"{at}.unless", f"未知规则 {other!r} (unknown rule)"))
    keys = [(r.kind, r.category) for r in b.rules]
    for kind in RECORD_KINDS:
        cats = BAD_CATEGORIES if kind == "bad_record" else (None,)
        for cat in cats:
            n = keys.count((kind, cat))
            if n != 1:
                label = f"{kind}/{cat}" if cat else kind
                problems.append(Problem("behavior.rules", f"记录类型 {label} 须恰有一条规则，实有 {n} 条 (each record kind needs exactly one rule)"))
    return problems


def _profile_problems(model: Model) -> list[Problem]:
    problems = []
    dims = model.dimension_ids()
    agency_dims = {d.id for d in model.dimensions if d.agency}
    for name, prof in model.profiles.items():
        at = f"profiles.{name}.dimensions"
        if sorted(prof.dimensions) != sorted(dims):
            problems.append(Problem(at, f"须为每个维度给出分值: {', '.join(dims)} (points for every dimension)"))
            continue
        total = sum(prof.dimensions.values(), Decimal(0))
        if total != 100:
            problems.append(Problem(at, f"各维度分值合计 {total}，应为 100 (dimension points must add up to 100)"))
        standard = sum((v for k, v in prof.dimensions.items() if k not in agency_dims), Decimal(0))
        if total == 100 and standard < MIN_STANDARD_SHARE:
            problems.append(Problem(at, f"标准所列要素指标仅占 {standard}%，低于 A.2.1 规定的 70% (the standard's indicators must hold at least 70%)"))
        if any(v < 0 for v in prof.dimensions.values()):
            problems.append(Problem(at, "维度分值不能为负 (points must not be negative)"))
    for d_i, dim in enumerate(model.dimensions):
        if dim.id in STANDARD_DIMENSIONS and dim.agency:
            problems.append(Problem(f"dimensions[{d_i}].agency", f"{dim.id} 是标准维度，不能标为 agency (a standard dimension)"))
        if dim.id not in STANDARD_DIMENSIONS and not dim.agency:
            problems.append(Problem(f"dimensions[{d_i}].agency", f"自设维度 {dim.id} 须标明 agency: true (an agency dimension must say so)"))
    return problems


# ----------------------------------------------------------------------------- loading

def _merge_by_id(base: list[Any], over: list[Any], key: str = "id") -> list[Any]:
    out = [dict(x) for x in base]
    index = {x.get(key): n for n, x in enumerate(out) if isinstance(x, dict)}
    for item in over:
        if isinstance(item, dict) and item.get(key) in index:
            n = index[item[key]]
            out[n] = _merge(out[n], item)
        else:
            out.append(item)
    return out


def _merge(base: Any, over: Any) -> Any:
    """Deep merge for overlays: mappings by key, lists of mappings with ``id`` by id.

    ``key: null`` removes a key; a rule whose ``type`` differs replaces the base rule whole.
    """
    if isinstance(base, dict) and isinstance(over, dict):
        if "type" in base and "type" in over and base["type"] != over["type"]:
            return over  # a rule of another type replaces the base rule whole
        merged = dict(base)
        for k, v in over.items():
            if v is None:
                merged.pop(k, None)  # `key: null` in an overlay removes the key (e.g. a profile)
            else:
                merged[k] = _merge(base[k], v) if k in base else v
        return merged
    if isinstance(base, list) and isinstance(over, list) and all(isinstance(x, dict) and "id" in x for x in base + over):
        return _merge_by_id(base, over)
    return over


def build_model(data: Any, source: str, content: bytes) -> Model:
    """Validate a parsed model document (after resolving ``extends``) into a `Model`."""
    if not isinstance(data, dict):
        raise ModelError(Problem("", "模型文件应为一个映射 (a model file must be a mapping)"), source)
    digest = hashlib.sha256(content)
    if data.get("extends"):
        base_id = data["extends"]
        base_path = MODELS_DIR / str(base_id) / "model.yaml"
        if not base_path.is_file():
            raise ModelError(Problem("extends", f"未知的基础模型 {base_id!r} (unknown base model)"), source)
        base_bytes = base_path.read_bytes()
        digest = hashlib.sha256(base_bytes + b"\n--- overlay ---\n" + content)
        data = _merge(loads(base_bytes.decode("utf-8"), str(base_path)), data)
    if "content_hash" in data:
        raise ModelError(Problem("content_hash", "未知字段 (unknown field)"), source)
    try:
        model = Model.model_validate({**data, "content_hash": "sha256:" + digest.hexdigest()})
    except ValidationError as exc:
        raise ModelError(_pydantic_problems(exc), source) from exc
    problems = _consistency_problems(model)
    if problems:
        raise ModelError(problems, source)
    return model


def load_model_file(path: str | Path) -> Model:
    p = Path(path)
    data = load_file(p)
    return build_model(data, str(p), p.read_bytes())


@lru_cache(maxsize=8)
def bundled_model(model_id: str = BUNDLED_ID) -> Model:
    """The model shipped with the package (default: T/CFIE 002—2023)."""
    return load_model_file(MODELS_DIR / model_id / "model.yaml")


def load_model(path: str | Path | None = None) -> Model:
    """The agency's model file when given, else the bundled standard model."""
    return bundled_model() if path is None else load_model_file(path)
