"""The facts file contract ``ipcredit/facts-v1`` (SPEC §2.5), validated strictly.

`parse_facts(data)` checks a parsed JSON/YAML document and returns `Facts`, or raises
`InputError` with *every* problem found, each naming its field path
(``records[2].deduction: 必须在 0 到 10 之间 (must be between 0 and 10)``).

Structure and types are checked by Pydantic (strict: no ``"3"`` for 3, no ``1`` for
true, unknown keys refused); rules across fields (a record after the evaluation date, a
repair on a positive record, what each record kind requires) are checked by a second pass
over the raw document so that they are reported together with the type errors.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from ipcredit.errors import InputError, Problem
from ipcredit.standard.credit_code import credit_code_problem
from ipcredit.standard.dates import default_base_date

SCHEMA = "ipcredit/facts-v1"

RECORD_KINDS = (
    "national_award", "provincial_award", "good_record_provincial",
    "good_record_county", "bad_record", "infringement",
)
POSITIVE_KINDS = frozenset(RECORD_KINDS[:4])
BAD_CATEGORIES = (
    "abnormal_patent_application", "malicious_trademark", "illegal_agency", "false_materials",
    "broken_commitment", "refusal_to_perform", "listed_dishonest", "authority_determined",
)
STATUSES = ("verified", "unverified", "rejected")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: Any) -> dt.date:
    """A calendar day from a ``date`` or an ISO ``YYYY-MM-DD`` text; anything else raises."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("day", "应为日期 YYYY-MM-DD，不含时间 (must be a date without time)")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "day", "日期不存在 '{value}' (no such date)", {"value": value}
            ) from None
    raise PydanticCustomError(
        "day", "日期格式错误 '{value}'，应为 YYYY-MM-DD (must be a date YYYY-MM-DD)", {"value": str(value)}
    )


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise PydanticCustomError("number", "应为数字 (must be a number)")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PydanticCustomError("number", "应为有限数字 (must be a finite number)")
        return Decimal(repr(value))
    number = Decimal(value)
    if not number.is_finite():
        raise PydanticCustomError("number", "应为有限数字 (must be a finite number)")
    return number


def _custom_value(value: Any) -> bool | Decimal:
    return value if isinstance(value, bool) else _number(value)


Day = Annotated[dt.date, BeforeValidator(parse_day)]
Count = Annotated[int, Field(strict=True, ge=0)]
Amount = Annotated[Decimal, BeforeValidator(_number), Field(ge=0)]
Ratio = Annotated[Decimal, BeforeValidator(_number), Field(ge=0, le=1)]
Text = Annotated[str, Field(strict=True)]
CustomValue = Annotated[bool | Decimal, BeforeValidator(_custom_value)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Enterprise(_Strict):
    name: Annotated[str, Field(strict=True, min_length=1)]
    credit_code: Text
    industry: Text | None = None
    annual_revenue_wan: Amount | None = None

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise PydanticCustomError("blank", "不能为空 (must not be empty)")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in v):
            raise PydanticCustomError("control", "不能含控制字符 (control characters are not allowed)")
        return v.strip()

    @field_validator("credit_code")
    @classmethod
    def _check_credit_code(cls, v: str) -> str:
        problem = credit_code_problem(v)
        if problem:
            raise PydanticCustomError("credit_code", problem)
        return v

    @field_validator("industry")
    @classmethod
    def _check_industry(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-T](\d{2}(\d{1,2})?)?", v):
            raise PydanticCustomError(
                "industry", "国民经济行业代码格式错误 '{v}'，应如 C39 或 C3911 (GB/T 4754 code)", {"v": v}
            )
        return v


class IPStrategy(_Strict):
    formulated: bool = False
    culture: bool = False
    system: bool = False
    integrated: bool = False


class Basic(_Strict):
    ip_department: bool = False
    ip_specialists: Count = 0
    ip_lawyer: bool = False
    rd_staff_ratio: Annotated[list[Ratio], Field(max_length=3)] = []
    rd_expense_ratio: Annotated[list[Ratio], Field(max_length=3)] = []
    ip_strategy: IPStrategy = IPStrategy()
    ipms_certified: bool = False
    iso56005_certified: bool = False
    ip_advantage_or_demo: bool = False
    early_warning: bool = False
    rights_protection: bool = False
    ip_association: bool = False


class TradeSecret(_Strict):
    full_process: bool = False
    internal: bool = False
    external: bool = False


class Capacity(_Strict):
    valid_invention_patents: Count = 0
    other_ip: Count = 0
    foreign_applications: Count = 0
    transfer_license_wan: Amount = Decimal(0)
    pledge_wan: Amount = Decimal(0)
    open_license_or_pool_patents: Count = 0
    standard_patents: Count = 0
    high_value_patents: Count = 0
    dispute_gain_wan: Amount = Decimal(0)
    trade_secret: TradeSecret = TradeSecret()


class Record(_Strict):
    kind: Literal[RECORD_KINDS]  # type: ignore[valid-type]
    date: Day
    id: Text | None = None
    title: Text | None = None
    source: Text | None = None
    status: Literal[STATUSES] = "verified"  # type: ignore[valid-type]
    category: Literal[BAD_CATEGORIES] | None = None  # type: ignore[valid-type]
    repaired_on: Day | None = None
    deduction: Annotated[Decimal, BeforeValidator(_number), Field(ge=0, le=10)] | None = None
    reason: Text | None = None

    @property
    def positive(self) -> bool:
        return self.kind in POSITIVE_KINDS


class Facts(_Strict):
    schema_: Literal["ipcredit/facts-v1"] = Field(alias="schema")
    evaluation_date: Day
    base_date: Day | None = None
    enterprise: Enterprise
    basic: Basic = Basic()
    capacity: Capacity = Capacity()
    records: list[Record] = []
    custom: dict[str, CustomValue] = {}

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)

    @property
    def effective_base_date(self) -> dt.date:
        """评价基准日 B: as given, else 31 December of the year before E."""
        return self.base_date or default_base_date(self.evaluation_date)

    def get(self, path: str) -> Any:
        """The value at a dotted path such as ``basic.ip_strategy.formulated``."""
        node: Any = self
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else getattr(node, part)
        return node

    def to_document(self) -> dict[str, Any]:
        """The facts as a plain facts-v1 document (numbers as int/float/Decimal, dates as date)."""
        doc = self.model_dump(by_alias=True, exclude_none=True)
        if not doc.get("custom"):
            doc.pop("custom", None)
        return doc


def field_kinds(model: type[BaseModel] = Facts, prefix: str = "") -> dict[str, str]:
    """Every scalar/list field path of facts-v1 with its kind: bool, count, amount, ratios."""
    kinds: dict[str, str] = {}
    for name, info in model.model_fields.items():
        if name in ("schema_", "records", "custom", "evaluation_date", "base_date"):
            continue
        path = f"{prefix}{name}"
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            kinds.update(field_kinds(ann, path + "."))
        elif ann is bool:
            kinds[path] = "bool"
        elif ann is int:
            kinds[path] = "count"
        elif "list" in str(ann):
            kinds[path] = "ratios"
        elif "Decimal" in str(ann):
            kinds[path] = "amount"
        else:
            kinds[path] = "text"
    return kinds


# ----------------------------------------------------------------------------- errors

_MESSAGES = {
    "missing": "缺少必填字段 (required field missing)",
    "extra_forbidden": "未知字段 (unknown field)",
    "bool_type": "应为 true 或 false (must be true or false)",
    "int_type": "应为整数 (must be an integer)",
    "int_from_float": "应为整数 (must be an integer)",
    "string_type": "应为文本 (must be text)",
    "list_type": "应为列表 (must be a list)",
    "dict_type": "应为映射 (must be a mapping)",
    "model_type": "应为映射 (must be a mapping)",
    "model_attributes_type": "应为映射 (must be a mapping)",
    "string_too_short": "不能为空 (must not be empty)",
    "too_long": "最多 {max_length} 项 (at most {max_length} items)",
    "greater_than_equal": "不能小于 {ge} (must be >= {ge})",
    "less_than_equal": "不能大于 {le} (must be <= {le})",
}
_RANGE_FIELDS = {"deduction": (0, 10)}


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = "schema" if part == "schema_" else str(part)
            out += f".{part}" if out else part
    return out


def _message(err: dict[str, Any]) -> str:
    kind, ctx, loc = err["type"], err.get("ctx") or {}, err["loc"]
    field = loc[-1] if loc else ""
    if kind in ("greater_than_equal", "less_than_equal") and field in _RANGE_FIELDS:
        low, high = _RANGE_FIELDS[field]
        return f"必须在 {low} 到 {high} 之间 (must be between {low} and {high})"
    if kind in ("greater_than_equal", "less_than_equal") and "ratio" in str(loc):
        return "比例必须在 0 到 1 之间 (must be between 0 and 1)"
    if kind == "literal_error":
        return f"取值无效 {err.get('input')!r}，可选: {ctx.get('expected')} (must be one of them)"
    if kind in _MESSAGES:
        return _MESSAGES[kind].format(**{k: v for k, v in ctx.items()})
    return err["msg"]


def _pydantic_problems(exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # Unions report each alternative; keep the first per path.
        loc = tuple(p for p in loc if p not in ("bool", "decimal", "constrained-decimal"))
        problems.append(Problem(_path(loc), _message(err)))
    return problems


def _safe_day(value: Any) -> dt.date | None:
    try:
        return parse_day(value)
    except PydanticCustomError:
        return None


def _record_problems(i: int, rec: dict[str, Any], evaluation_date: dt.date | None) -> list[Problem]:
    """What a record's kind requires and allows, and dates against the evaluation date."""
    at = f"records[{i}]"
    problems: list[Problem] = []
    kind = rec.get("kind")
    day = _safe_day(rec.get("date"))
    if evaluation_date and day and day > evaluation_date:
        problems.append(Problem(f"{at}.date", f"记录日期 {day} 晚于评价日 {evaluation_date} (record dated after the evaluation date)"))
    if kind == "bad_record" and "category" not in rec:
        problems.append(Problem(f"{at}.category", "不良记录须注明类别 (a bad_record requires category)"))
    if kind != "bad_record" and "category" in rec and kind in RECORD_KINDS:
        problems.append(Problem(f"{at}.category", f"只有 bad_record 可以有 category (not allowed on {kind})"))
    if kind == "infringement":
        if "deduction" not in rec:
            problems.append(Problem(f"{at}.deduction", "侵权认定须给出 0–10 的扣分 (an infringement requires deduction)"))
        reason = rec.get("reason")
        if reason is None or (isinstance(reason, str) and not reason.strip()):
            problems.append(Problem(f"{at}.reason", "侵权认定须说明扣分理由 (an infringement requires a non-empty reason)"))
    elif kind in RECORD_KINDS and "deduction" in rec:
        problems.append(Problem(f"{at}.deduction", f"只有 infringement 可以有 deduction (not allowed on {kind})"))
    if kind in POSITIVE_KINDS and "repaired_on" in rec:
        problems.append(Problem(f"{at}.repaired_on", "信用修复只适用于减分记录 (a repair applies to deduction records only)"))
    repaired = _safe_day(rec.get("repaired_on"))
    if repaired and day and repaired < day:
        problems.append(Problem(f"{at}.repaired_on", f"修复日期 {repaired} 早于记录日期 {day} (repair before the record)"))
    return problems


def _semantic_problems(raw: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    evaluation_date = _safe_day(raw.get("evaluation_date"))
    base_date = _safe_day(raw.get("base_date")) if "base_date" in raw else None
    if evaluation_date and base_date and base_date > evaluation_date:
        problems.append(Problem("base_date", f"评价基准日 {base_date} 晚于评价日 {evaluation_date} (base date after the evaluation date)"))
    records = raw.get("records")
    if isinstance(records, list):
        for i, rec in enumerate(records):
            if isinstance(rec, dict):
                problems.extend(_record_problems(i, rec, evaluation_date))
    return problems


def parse_facts(data: Any, source: str | None = None) -> Facts:
    """Validate a parsed facts-v1 document; raise `InputError` with all problems found."""
    if not isinstance(data, dict):
        raise InputError(Problem("", "事实文件应为一个映射（键: 值）(a facts file must be a mapping)"), source)
    if data.get("schema") != SCHEMA:
        # Without the right schema nothing else is meaningful to check.
        got = data.get("schema")
        what = "缺少 schema" if got is None else f"schema 应为 {SCHEMA!r}，实为 {got!r}"
        raise InputError(Problem("schema", f"{what} (must be exactly {SCHEMA})"), source)
    problems: list[Problem] = []
    facts = None
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(exc))
    problems.extend(_semantic_problems(data))
    if problems:
        unique = list(dict.fromkeys(problems))
        raise InputError(sorted(unique, key=_sort_key), source)
    assert facts is not None
    return facts


def _sort_key(p: Problem) -> tuple:
    nums = [int(n) for n in re.findall(r"\[(\d+)\]", p.path)]
    return (re.sub(r"\[\d+\]", "", p.path.split("[")[0]), nums, p.path, p.message)


FIELD_LABELS: dict[str, str] = {
    "enterprise.annual_revenue_wan": "上年营业收入（万元）",
    "basic.ip_department": "设立知识产权管理机构",
    "basic.ip_specialists": "知识产权专员人数",
    "basic.ip_lawyer": "聘用知识产权律师",
    "basic.rd_staff_ratio": "研发人员占比（近三年）",
    "basic.rd_expense_ratio": "研发投入占比（近三年）",
    "basic.ip_strategy.formulated": "制定知识产权战略",
    "basic.ip_strategy.culture": "知识产权文化建设氛围",
    "basic.ip_strategy.system": "完善的知识产权制度体系",
    "basic.ip_strategy.integrated": "知识产权战略融入经营管理总体战略",
    "basic.ipms_certified": "知识产权管理体系认证（GB/T 29490）",
    "basic.iso56005_certified": "ISO 56005 认证",
    "basic.ip_advantage_or_demo": "国家知识产权优势/示范企业",
    "basic.early_warning": "知识产权预警机制及应对方案",
    "basic.rights_protection": "推动行业维权协作、参与纠纷处置",
    "basic.ip_association": "参与知识产权相关社会团体",
    "capacity.valid_invention_patents": "有效发明专利（项）",
    "capacity.other_ip": "其他知识产权（项）",
    "capacity.foreign_applications": "向国外申请知识产权（项，累计）",
    "capacity.transfer_license_wan": "近三年转让、许可合同数额（万元）",
    "capacity.pledge_wan": "近三年质押融资数额（万元）",
    "capacity.open_license_or_pool_patents": "开放许可或加入专利池的专利（项）",
    "capacity.standard_patents": "融入标准的专利（项）",
    "capacity.high_value_patents": "高价值专利（项）",
    "capacity.dispute_gain_wan": "近三年纠纷获赔或避免损失（万元）",
    "capacity.trade_secret.full_process": "商业秘密全流程体系",
    "capacity.trade_secret.internal": "商业秘密内部管理体系",
    "capacity.trade_secret.external": "商业秘密外部管理体系",
}
