"""Invalid facts files: every kind of error is reported with its field path."""

import copy

import pytest

from ipcredit.errors import InputError
from ipcredit.standard import parse_facts
from ipcredit.yamlio import loads

VALID = {
    "schema": "ipcredit/facts-v1",
    "evaluation_date": "2026-03-15",
    "enterprise": {"name": "示例科技有限公司", "credit_code": "91330106MA2B3C4D5D"},
    "basic": {"ip_specialists": 2, "rd_staff_ratio": [0.1]},
    "capacity": {"pledge_wan": 10},
    "records": [
        {"kind": "national_award", "date": "2025-01-01"},
        {"kind": "bad_record", "category": "malicious_trademark", "date": "2025-02-01"},
        {"kind": "infringement", "date": "2025-03-01", "deduction": 5, "reason": "判决"},
    ],
}


def problems(doc) -> list[str]:
    with pytest.raises(InputError) as info:
        parse_facts(doc)
    return [str(p) for p in info.value.problems]


def with_change(path: str, value):
    doc = copy.deepcopy(VALID)
    node = doc
    parts = path.replace("[", ".").replace("]", "").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    if value is DELETE:
        del node[int(last) if last.isdigit() else last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return doc


DELETE = object()


def test_the_valid_document_is_valid():
    assert parse_facts(VALID).enterprise.name == "示例科技有限公司"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("schema", "ipcredit/facts-v2", "schema: schema 应为 'ipcredit/facts-v1'"),
        ("evaluation_date", DELETE, "evaluation_date: 缺少必填字段"),
        ("evaluation_date", "2026-02-30", "evaluation_date: 日期不存在 '2026-02-30'"),
        ("evaluation_date", "15/03/2026", "evaluation_date: 日期格式错误"),
        ("enterprise.name", DELETE, "enterprise.name: 缺少必填字段"),
        ("enterprise.name", "  ", "enterprise.name: 不能为空"),
        ("enterprise.credit_code", "91330106MA2B3C4D5", "enterprise.credit_code: 统一社会信用代码应为 18 位"),
        ("enterprise.credit_code", "91330106MA2B3C4D5E", "enterprise.credit_code: 统一社会信用代码校验位错误: 应为 D"),
        ("enterprise.credit_code", "91330106ma2b3c4d5d", "enterprise.credit_code: 统一社会信用代码含非法字符"),
        ("enterprise.credit_code", "91330106MI2B3C4D5D", "enterprise.credit_code: 统一社会信用代码含非法字符 'I'"),
        ("enterprise.industry", "39", "enterprise.industry: 国民经济行业代码格式错误"),
        ("enterprise.annual_revenue_wan", -1, "enterprise.annual_revenue_wan: 不能小于 0"),
        ("enterprise.nickname", "x", "enterprise.nickname: 未知字段"),
        ("basic.ip_department", "yes", "basic.ip_department: 应为 true 或 false"),
        ("basic.ip_department", 1, "basic.ip_department: 应为 true 或 false"),
        ("basic.ip_specialists", "3", "basic.ip_specialists: 应为整数"),
        ("basic.ip_specialists", 2.5, "basic.ip_specialists: 应为整数"),
        ("basic.ip_specialists", -1, "basic.ip_specialists: 不能小于 0"),
        ("basic.rd_staff_ratio", [0.1, 1.5], "basic.rd_staff_ratio[1]: 比例必须在 0 到 1 之间"),
        ("basic.rd_staff_ratio", [0.1, 0.1, 0.1, 0.1], "basic.rd_staff_ratio: 最多 3 项"),
        ("basic.rd_staff_ratio", 0.1, "basic.rd_staff_ratio: 应为列表"),
        ("basic.ip_strategy", {"formulated": True, "budget": 3}, "basic.ip_strategy.budget: 未知字段"),
        ("capacity.pledge_wan", "10", "capacity.pledge_wan: 应为数字"),
        ("capacity.pledge_wan", float("nan"), "capacity.pledge_wan: 应为有限数字"),
        ("capacity.valid_invention_patents", True, "capacity.valid_invention_patents: 应为整数"),
        ("capacity.patents", 3, "capacity.patents: 未知字段"),
        ("records[0].kind", "city_award", "records[0].kind: 取值无效 'city_award'"),
        ("records[0].date", "2026-03-16", "records[0].date: 记录日期 2026-03-16 晚于评价日 2026-03-15"),
        ("records[0].date", DELETE, "records[0].date: 缺少必填字段"),
        ("records[0].status", "pending", "records[0].status: 取值无效 'pending'"),
        ("records[0].repaired_on", "2025-06-01", "records[0].repaired_on: 信用修复只适用于减分记录"),
        ("records[1].repaired_on", "2025-01-01", "records[1].repaired_on: 修复日期 2025-01-01 早于记录日期 2025-02-01"),
        ("records[1].category", DELETE, "records[1].category: 不良记录须注明类别"),
        ("records[1].category", "tax_evasion", "records[1].category: 取值无效 'tax_evasion'"),
        ("records[0].category", "false_materials", "records[0].category: 只有 bad_record 可以有 category"),
        ("records[2].deduction", 11, "records[2].deduction: 必须在 0 到 10 之间 (must be between 0 and 10)"),
        ("records[2].deduction", -1, "records[2].deduction: 必须在 0 到 10 之间"),
        ("records[2].deduction", DELETE, "records[2].deduction: 侵权认定须给出 0–10 的扣分"),
        ("records[2].reason", "", "records[2].reason: 侵权认定须说明扣分理由"),
        ("records[1].deduction", 3, "records[1].deduction: 只有 infringement 可以有 deduction"),
        ("records[0].score", 10, "records[0].score: 未知字段"),
        ("base_date", "2026-04-01", "base_date: 评价基准日 2026-04-01 晚于评价日 2026-03-15"),
        ("extra_section", {}, "extra_section: 未知字段"),
    ],
)
def test_each_kind_of_error_names_its_field(path, value, expected):
    found = problems(with_change(path, value))
    assert any(line.startswith(expected) for line in found), found


def test_all_problems_are_reported_at_once():
    doc = with_change("records[2].deduction", 12)
    doc["enterprise"]["credit_code"] = "91330106MA2B3C4D5E"
    doc["basic"]["ip_lawyer"] = "no"
    doc["records"][0]["date"] = "2027-01-01"
    found = problems(doc)
    assert len(found) == 4, found
    assert {line.split(":")[0] for line in found} == {
        "enterprise.credit_code", "basic.ip_lawyer", "records[0].date", "records[2].deduction"}


def test_a_datetime_is_not_a_date():
    found = problems(loads(
        "schema: ipcredit/facts-v1\nevaluation_date: 2026-03-15 10:00:00\n"
        "enterprise: {name: 甲, credit_code: 91440300708461136T}\n"))
    assert found[0].startswith("evaluation_date: 日期格式错误")


def test_yaml_dates_that_do_not_exist_are_field_errors_not_parse_errors():
    doc = loads("schema: ipcredit/facts-v1\nevaluation_date: 2023-13-01\n"
                "enterprise: {name: 甲, credit_code: 91440300708461136T}\n")
    assert problems(doc) == ["evaluation_date: 日期不存在 '2023-13-01' (no such date)"]


def test_duplicate_yaml_keys_are_refused_with_the_line():
    with pytest.raises(InputError) as info:
        loads("schema: ipcredit/facts-v1\nevaluation_date: 2026-03-15\nevaluation_date: 2026-03-16\n", "f.yaml")
    assert "重复的键 'evaluation_date'" in info.value.lines()[0]
    assert info.value.lines()[0].startswith("f.yaml: ")


def test_yaml_syntax_errors_name_the_line():
    with pytest.raises(InputError) as info:
        loads("schema: ipcredit/facts-v1\nenterprise: {name: [\n", "bad.yaml")
    assert "YAML 格式错误" in info.value.lines()[0]


def test_json_input_keeps_decimals_exact():
    doc = loads('{"schema": "ipcredit/facts-v1", "evaluation_date": "2026-03-15", '
                '"enterprise": {"name": "甲", "credit_code": "91440300708461136T"}, '
                '"basic": {"rd_expense_ratio": [0.045]}}')
    assert str(parse_facts(doc).basic.rd_expense_ratio[0]) == "0.045"


def test_a_document_that_is_not_a_mapping():
    assert problems(["schema"]) == ["事实文件应为一个映射（键: 值）(a facts file must be a mapping)"]


def test_wrong_type_of_section():
    assert "records: 应为列表" in problems(with_change("records", {"kind": "national_award"}))[0]
    assert "basic: 应为映射" in problems(with_change("basic", [1, 2]))[0]
