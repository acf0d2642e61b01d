"""Import validation: every kind of bad row is named by file, row and column; all at once."""

from __future__ import annotations

import pytest

from ipcredit.errors import InputError
from ipcredit.facts.readers import load_records
from tests.unit.facts.facts_golden_io import CODE, write_tables

OTHER = "91330106MA2B3C4D5D"  # valid code, not in enterprises


def _errors(tmp_path, tables) -> list[str]:
    with pytest.raises(InputError) as info:
        load_records(write_tables(tables, tmp_path))
    return info.value.lines()


CASES = [
    ("bad_date", {"patents": [{"申请号": "A1", "专利类型": "发明", "申请日": "2023-13-01"}]},
     "patents.csv 第 2 行 申请日: 日期格式错误 '2023-13-01'"),
    ("no_such_day", {"patents": [{"申请号": "A1", "专利类型": "发明", "申请日": "2023-02-30"}]},
     "patents.csv 第 2 行 申请日: 日期格式错误 '2023-02-30'"),
    ("bad_enum", {"patents": [{"申请号": "A1", "专利类型": "发明专利权X", "申请日": "2023-01-01"}]},
     "patents.csv 第 2 行 专利类型: 取值无效 '发明专利权X'"),
    ("required_empty", {"patents": [{"申请号": "", "专利类型": "发明", "申请日": "2023-01-01"}]},
     "patents.csv 第 2 行 申请号: 必填项为空"),
    ("bad_bool", {"patents": [{"申请号": "A1", "专利类型": "发明", "申请日": "2023-01-01", "海外同族": "也许"}]},
     "patents.csv 第 2 行 海外同族: 应为 是 或 否 '也许'"),
    ("grant_before_application", {"patents": [{"申请号": "A1", "专利类型": "发明", "申请日": "2023-01-01", "授权日": "2022-01-01"}]},
     "patents.csv 第 2 行 授权日: 2022-01-01 早于申请日 2023-01-01"),
    ("lapsed_without_date", {"patents": [{"申请号": "A1", "专利类型": "发明", "申请日": "2020-01-01", "授权日": "2021-01-01", "法律状态": "失效"}]},
     "patents.csv 第 2 行 失效日: 已授权专利失效须填写失效日"),
    ("negative_amount", {"disputes": [{"裁判日期": "2024-01-01", "获赔或避免损失（万元）": "-5"}]},
     "disputes.csv 第 2 行 获赔或避免损失（万元）: 金额不能为负 '-5'"),
    ("not_a_number", {"disputes": [{"裁判日期": "2024-01-01", "获赔或避免损失（万元）": "八十"}]},
     "disputes.csv 第 2 行 获赔或避免损失（万元）: 应为数字 '八十'"),
    ("ratio_over_one", {"rd_yearly": [{"年度": 2024, "研发人员占比": "1.2"}]},
     "rd_yearly.csv 第 2 行 研发人员占比: 比例必须在 0 到 1 之间 '1.2'"),
    ("bad_int", {"rd_yearly": [{"年度": "2024.5"}]}, "rd_yearly.csv 第 2 行 年度: 应为整数 '2024.5'"),
    ("bad_credit_code", {"patents": [{"统一社会信用代码": "91440300708461136X", "申请号": "A1", "专利类型": "发明", "申请日": "2023-01-01"}]},
     "patents.csv 第 2 行 统一社会信用代码: 统一社会信用代码校验位错误"),
    ("unknown_enterprise", {"patents": [{"统一社会信用代码": OTHER, "申请号": "A1", "专利类型": "发明", "申请日": "2023-01-01"}]},
     f"patents.csv 第 2 行 统一社会信用代码: 企业 {OTHER} 不在 enterprises 表中"),
    ("duplicate_patent", {"patents": [{"申请号": "CN201910000001.1", "专利类型": "发明", "申请日": "2019-01-01"},
                                      {"申请号": "201910000001.1", "专利类型": "发明", "申请日": "2019-01-01"}]},
     "patents.csv 第 3 行 申请号: 专利号重复，与 patents.csv 第 2 行 相同"),
    ("owner_unknown", {"patents": [{"统一社会信用代码": None, "当前专利权人": "别的公司", "申请号": "A1", "专利类型": "发明", "申请日": "2023-01-01"}]},
     "patents.csv 第 2 行 当前专利权人: '别的公司' 未找到同名企业"),
    ("neither_code_nor_owner", {"patents": [{"统一社会信用代码": None, "申请号": "A1", "专利类型": "发明", "申请日": "2023-01-01"}]},
     "patents.csv 第 2 行 统一社会信用代码: 须填写统一社会信用代码或当前专利权人"),
    ("bad_industry", {"enterprises": [{"企业名称": "甲", "行业代码": "制造业"}]},
     "enterprises.csv 第 2 行 行业代码: 国民经济行业代码格式错误 '制造业'"),
    ("duplicate_enterprise", {"enterprises": [{"企业名称": "甲"}, {"企业名称": "乙"}]},
     "enterprises.csv 第 3 行 统一社会信用代码: 企业重复，与 enterprises.csv 第 2 行 相同"),
    ("duplicate_rd_year", {"rd_yearly": [{"年度": 2024}, {"年度": 2024}]},
     "rd_yearly.csv 第 3 行 年度: 同一企业年度重复"),
    ("missing_column", {"patents": [{"申请号": "A1", "申请日": "2023-01-01"}]},
     "patents.csv: 缺少必填列 专利类型"),
    ("bad_record_without_category", {"records": [{"类别": "失信记录", "日期": "2024-01-01"}]},
     "records.csv 第 2 行 失信类别: 失信记录须注明失信类别"),
    ("infringement_without_deduction", {"records": [{"类别": "侵权认定", "日期": "2024-01-01", "扣分理由": "判决"}]},
     "records.csv 第 2 行 扣分: 侵权认定须给出 0–10 的扣分"),
    ("deduction_over_ten", {"records": [{"类别": "侵权认定", "日期": "2024-01-01", "扣分": 12, "扣分理由": "判决"}]},
     "records.csv 第 2 行 扣分: 侵权认定须给出 0–10 的扣分"),
    ("repair_on_award", {"records": [{"类别": "国家级知识产权奖励", "日期": "2024-01-01", "信用修复日期": "2024-06-01"}]},
     "records.csv 第 2 行 信用修复日期: 信用修复只适用于减分记录"),
    ("repair_before_record", {"records": [{"类别": "失信记录", "失信类别": "违法代理", "日期": "2024-01-01", "信用修复日期": "2023-06-01"}]},
     "records.csv 第 2 行 信用修复日期: 2023-06-01 早于记录日期 2024-01-01"),
    ("expiry_before_registration", {"other_rights": [{"类别": "商标", "登记号": "1", "登记日": "2020-01-01", "有效期至": "2019-01-01"}]},
     "other_rights.csv 第 2 行 有效期至: 2019-01-01 早于登记日 2020-01-01"),
    ("pool_without_patents", {"transactions": [{"类别": "专利池", "登记日": "2024-01-01"}]},
     "transactions.csv 第 2 行 涉及专利号: 开放许可、专利池、融入标准须列出专利号"),
]


@pytest.mark.parametrize(("name", "tables", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_row_is_named(name, tables, expected, tmp_path):
    lines = _errors(tmp_path, tables)
    assert any(line.startswith(expected) for line in lines), lines


def test_all_errors_in_one_pass(tmp_path):
    tables = {
        "patents": [{"申请号": "A1", "专利类型": "发明", "申请日": "2023-13-01"},
                    {"申请号": "A2", "专利类型": "?", "申请日": "2023-01-01"}],
        "disputes": [{"裁判日期": "昨天", "获赔或避免损失（万元）": "-1"}],
    }
    lines = _errors(tmp_path, tables)
    assert len(lines) == 4
    assert {line.split(" 第 ")[0] for line in lines} == {"patents.csv", "disputes.csv"}


def test_missing_enterprises_table(tmp_path):
    (tmp_path / "patents.csv").write_text("申请号,专利类型,申请日\n", encoding="utf-8")
    with pytest.raises(InputError, match="缺少 enterprises"):
        load_records(tmp_path)


def test_table_given_twice(tmp_path):
    write_tables({}, tmp_path)
    (tmp_path / "企业.csv").write_text((tmp_path / "enterprises.csv").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="table given twice"):
        load_records(tmp_path)


def test_gbk_csv_and_aliases_are_read(tmp_path):
    write_tables({}, tmp_path)
    text = f"信用代码,专利号,类型,申请日,授权公告日,未知列\n{CODE},ZL201910000001.1,发明授权,2019/01/02,2020年3月4日,x\n"
    (tmp_path / "专利.csv").write_bytes(text.encode("gb18030"))
    records = load_records(tmp_path)
    row = records.rows("patents")[0]
    assert (row["patent_type"], str(row["application_date"]), str(row["grant_date"])) == ("invention", "2019-01-02", "2020-03-04")
    assert row.ref == "专利.csv 第 2 行"


def test_one_enterprise_keeps_rows_identified_by_owner(tmp_path):
    tables = {"enterprises": [{"企业名称": "示例科技有限公司"}, {"统一社会信用代码": OTHER, "企业名称": "别的公司"}],
              "patents": [{"统一社会信用代码": None, "当前专利权人": "别的公司;示例科技有限公司", "申请号": "A1",
                           "专利类型": "发明", "申请日": "2023-01-01"},
                          {"统一社会信用代码": None, "当前专利权人": "别的公司", "申请号": "A2", "专利类型": "发明",
                           "申请日": "2023-01-01"}]}
    folder = write_tables(tables, tmp_path)
    with pytest.raises(InputError, match="对应多家企业"):
        load_records(folder)
    tables["patents"][0]["当前专利权人"] = "示例科技有限公司"
    write_tables(tables, folder)
    mine = load_records(folder, CODE).rows("patents")
    assert [(r["patent_number"], r["credit_code"]) for r in mine] == [("A1", CODE)]
    theirs = load_records(folder, OTHER).rows("patents")
    assert [(r["patent_number"], r["credit_code"]) for r in theirs] == [("A2", OTHER)]


def test_negative_counts_are_rejected(tmp_path):
    with pytest.raises(InputError, match="知识产权专员人数: 不能为负 '-3'"):
        load_records(write_tables({"enterprises": [{"企业名称": "甲", "知识产权专员人数": "-3"}]}, tmp_path))
