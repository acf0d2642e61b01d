"""The record tables an agency receives (原始记录表), as data: columns, types, aliases.

Each `Table` has a canonical English name (also the file name: ``patents.csv``,
``patents.parquet`` or the sheet ``patents`` of a workbook; the Chinese label is accepted as
a sheet name too) and `Column`s. A column has a canonical English name (used in Parquet
files and by the batch engine), the Chinese header agencies use, further accepted aliases,
a type, and whether it is required. Enumerated columns store canonical codes; the Chinese
labels and listed aliases are accepted on import.

Types (and their Arrow types, used by the generator and the Parquet reader):
``code`` credit code text · ``text`` · ``date`` (date32) · ``bool`` (bool) · ``int`` (int32) ·
``amount`` 万元, >= 0 (decimal128(18, 2)) · ``ratio`` share in [0, 1] (decimal128(9, 6)) ·
``enum`` one of ``choices`` (string) · ``numbers`` patent numbers separated by ``;`` (string).

Keep names and types stable: the batch engine (``ipcredit.batch``) reads the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pyarrow as pa

ARROW_TYPES = {
    "code": pa.string(), "text": pa.string(), "date": pa.date32(), "bool": pa.bool_(),
    "int": pa.int32(), "amount": pa.decimal128(18, 2), "ratio": pa.decimal128(9, 6),
    "enum": pa.string(), "numbers": pa.string(),
}
TYPE_LABELS = {
    "code": "统一社会信用代码（18 位）", "text": "文本", "date": "日期 YYYY-MM-DD", "bool": "是/否",
    "int": "整数", "amount": "金额（万元，≥0）", "ratio": "比例（0–1，如 0.12）",
    "enum": "取值之一", "numbers": "专利号，多个用 ; 分隔",
}
TRUE_WORDS = frozenset({"是", "有", "true", "yes", "y", "1", "√", "t"})
FALSE_WORDS = frozenset({"否", "无", "false", "no", "n", "0", "×", "f", ""})


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    type: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: dict[str, str] = field(default_factory=dict)  # code -> Chinese label
    value_aliases: dict[str, str] = field(default_factory=dict)  # extra accepted text -> code
    example: object = None
    doc: str = ""

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.type]

    def names(self) -> tuple[str, ...]:
        """Every header text accepted for this column."""
        return (self.name, self.header, *self.aliases)

    def code_for(self, text: str) -> str | None:
        """The canonical code of an enum value given as code, Chinese label or alias."""
        value = text.strip()
        if value in self.choices:
            return value
        for code, label in self.choices.items():
            if value == label:
                return code
        return self.value_aliases.get(value)


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    columns: tuple[Column, ...]
    doc: str = ""

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.arrow_type, nullable=not c.required) for c in self.columns])


def _credit(example: str = "91440300708461136T") -> Column:
    return Column("credit_code", "统一社会信用代码", "code", True, ("信用代码", "社会信用代码"), example=example,
                  doc="企业的统一社会信用代码，须在 enterprises 表中 / the enterprise (must be in enterprises)")


def _flag(name: str, header: str, doc: str, *aliases: str) -> Column:
    return Column(name, header, "bool", False, aliases, example=True, doc=doc)


ENTERPRISES = Table("enterprises", "企业", (
    _credit(),
    Column("name", "企业名称", "text", True, ("名称", "企业", "申请（专利权）人"), example="示例科技有限公司"),
    Column("industry", "行业代码", "text", False, ("国民经济行业代码", "所属行业"), example="C39",
           doc="GB/T 4754 代码，如 C39"),
    _flag("ip_department", "设立知识产权管理机构", "B1：设有知识产权管理机构", "知识产权管理机构"),
    Column("ip_specialists", "知识产权专员人数", "int", False, ("知识产权专员", "专员人数"), example=3, doc="B1"),
    _flag("ip_lawyer", "聘用知识产权律师", "B1：聘用知识产权律师", "知识产权律师"),
    _flag("strategy_formulated", "制定知识产权战略", "B3", "知识产权战略"),
    _flag("strategy_culture", "知识产权文化建设", "B3", "知识产权文化建设氛围"),
    _flag("strategy_system", "知识产权制度体系", "B3", "完善的知识产权制度体系"),
    _flag("strategy_integrated", "战略融入经营管理", "B3", "知识产权战略融入经营管理总体战略"),
    _flag("early_warning", "知识产权预警机制", "B6：预警机制及应对方案", "预警机制及应对方案"),
    _flag("rights_protection", "行业维权协作", "B7：推动行业维权协作、参与纠纷处置", "维权协作与纠纷处置"),
    _flag("ip_association", "参与知识产权社会团体", "B8：行业协会、创新组织、知识产权联盟", "社会团体"),
    _flag("trade_secret_full_process", "商业秘密全流程体系", "C8：产生、定密、存管、使用、防范、救济全覆盖"),
    _flag("trade_secret_internal", "商业秘密内部管理", "C8", "商业秘密内部管理体系"),
    _flag("trade_secret_external", "商业秘密外部管理", "C8", "商业秘密外部管理体系"),
), "每家企业一行：身份与申报的管理事实（B1、B3、B6–B8、C8）/ one row per enterprise")

RD_YEARLY = Table("rd_yearly", "研发年度数据", (
    _credit(),
    Column("year", "年度", "int", True, ("年份",), example=2025),
    Column("rd_staff_ratio", "研发人员占比", "ratio", False, ("技术研发人员占比", "科技人员占比"), example=Decimal("0.12")),
    Column("rd_expense_ratio", "研发投入占比", "ratio", False, ("研发费用占比", "研发投入占营业收入比例"),
           example=Decimal("0.05")),
    Column("revenue_wan", "营业收入（万元）", "amount", False, ("营业收入", "营业收入(万元)"), example=Decimal("35000")),
), "每家企业每年一行（B2 与上年营业收入）/ one row per enterprise and year")

PATENT_TYPES = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
PATENTS = Table("patents", "专利", (
    Column("credit_code", "统一社会信用代码", "code", False, ("信用代码", "社会信用代码"), example="91440300708461136T",
           doc="可留空而填写当前专利权人（按企业名称匹配）/ may be empty when 当前专利权人 names the enterprise"),
    Column("patent_number", "申请号", "text", True, ("专利号", "专利申请号"), example="201510234567.8"),
    Column("title", "名称", "text", False, ("专利名称", "标题"), example="一种示例装置"),
    Column("patent_type", "专利类型", "enum", True, ("类型",), PATENT_TYPES,
           {"发明专利": "invention", "发明授权": "invention", "发明申请": "invention",
            "实用新型专利": "utility_model", "外观设计专利": "design"}, example="发明"),
    Column("application_date", "申请日", "date", True, (), example="2015-03-02"),
    Column("grant_date", "授权日", "date", False, ("授权公告日",), example="2017-06-20",
           doc="未授权（审中、驳回）留空 / empty while not granted"),
    Column("legal_status", "法律状态", "enum", False, ("专利法律状态", "当前法律状态"),
           {"valid": "有效", "lapsed": "失效", "pending": "审中"},
           {"授权": "valid", "有效专利": "valid", "权利终止": "lapsed", "未缴年费": "lapsed", "驳回": "lapsed",
            "撤回": "lapsed", "无效": "lapsed", "放弃": "lapsed", "届满": "lapsed", "在审": "pending",
            "实质审查": "pending", "公开": "pending"}, example="有效"),
    Column("status_date", "法律状态变更日", "date", False, ("法律状态公告日", "法律状态日"), example=None),
    Column("lapse_date", "失效日", "date", False, ("权利终止日",), example=None,
           doc="权利失效（终止、无效、放弃、届满）的第一天 / first day no longer in force"),
    _flag("overseas_family", "海外同族", "C6：有海外同族专利（含 PCT）", "PCT或海外同族", "有海外同族"),
    _flag("strategic_emerging", "战略性新兴产业", "C6：属于战略性新兴产业", "战略性新兴产业专利"),
    _flag("award", "获中国专利奖或国家科学技术奖", "C6：获中国专利奖或国家科学技术奖", "获奖", "中国专利奖"),
    Column("owner", "当前专利权人", "text", False, ("申请（专利权）人", "专利权人", "申请人"), example="示例科技有限公司",
           doc="专利检索导出的权利人；多个用 ; 分隔；无信用代码时按企业名称匹配 / owner names (export style)"),
    Column("family_countries", "简单同族国家/地区", "text", False, ("扩展同族国家/地区", "同族国家/地区"), example="CN;US;EP",
           doc="C6：含 CN 以外的国家/地区即有海外同族 / a code other than CN means an overseas family member"),
    Column("pct_date", "PCT申请日期", "date", False, ("PCT申请日",), example=None,
           doc="C6：基准日前有 PCT 申请即有海外同族 / a PCT filing on or before B means an overseas family member"),
), "每件专利一行；申请号全表唯一 / one row per patent; patent numbers unique")

RIGHT_KINDS = {"trademark": "商标", "copyright": "作品著作权", "software": "软件著作权",
               "plant_variety": "植物新品种", "ic_layout": "集成电路布图设计"}
OTHER_RIGHTS = Table("other_rights", "其他知识产权", (
    _credit(),
    Column("kind", "类别", "enum", True, ("种类", "知识产权类别"), RIGHT_KINDS,
           {"注册商标": "trademark", "版权": "copyright", "著作权": "copyright", "计算机软件著作权": "software",
            "软著": "software", "布图设计": "ic_layout"}, example="商标"),
    Column("number", "登记号", "text", True, ("注册号", "登记编号", "证书号"), example="12345678"),
    Column("registration_date", "登记日", "date", True, ("注册日", "核准注册日", "登记日期"), example="2019-05-14"),
    Column("expiry_date", "有效期至", "date", False, ("到期日", "专用权期限至"), example="2029-05-13",
           doc="最后有效的一天；空 = 长期有效 / last day in force; empty = no expiry"),
), "商标、著作权、软件著作权、植物新品种、集成电路布图设计 / trademarks, copyrights ...")

FILING_KINDS = {"pct": "PCT", "madrid": "马德里", "hague": "海牙"}
FOREIGN_FILINGS = Table("foreign_filings", "向国外申请", (
    _credit(),
    Column("kind", "途径", "enum", True, ("申请途径", "类别"), FILING_KINDS,
           {"PCT申请": "pct", "马德里商标国际注册": "madrid", "马德里体系": "madrid", "海牙体系": "hague",
            "海牙外观设计国际申请": "hague"}, example="PCT"),
    Column("number", "国际申请号", "text", False, ("申请号",), example="PCT/CN2021/123456"),
    Column("filing_date", "申请日", "date", True, ("国际申请日", "PCT申请日期"), example="2021-09-01"),
), "PCT、马德里、海牙途径的国外申请（C3，累计）/ foreign filings")

TRANSACTION_KINDS = {"transfer": "转让", "license": "许可", "pledge": "质押", "open_license": "开放许可",
                     "pool": "专利池", "standard": "融入标准"}
TRANSACTIONS = Table("transactions", "运用登记", (
    _credit(),
    Column("kind", "类别", "enum", True, ("种类", "登记类别"), TRANSACTION_KINDS,
           {"专利权转让": "transfer", "实施许可": "license", "专利实施许可": "license", "出质": "pledge",
            "质押融资": "pledge", "加入专利池": "pool", "标准": "standard", "标准必要专利": "standard"},
           example="质押"),
    Column("number", "登记号", "text", False, ("登记编号", "知识产权登记编号", "合同备案号"), example="Y2024330000123"),
    Column("patent_numbers", "涉及专利号", "numbers", False, ("专利号", "申请号"), example="201510234567.8"),
    Column("registration_date", "登记日", "date", True, ("登记日期", "生效日", "公示日期"), example="2024-04-18"),
    Column("amount_wan", "金额（万元）", "amount", False, ("金额", "合同金额（万元）", "质押金额（万元）"),
           example=Decimal("1200")),
), "转让、许可、质押登记，开放许可、专利池、融入标准（C4、C5、C6）/ registrations")

DISPUTES = Table("disputes", "知识产权纠纷", (
    _credit(),
    Column("case_number", "案号", "text", False, ("决定书文号", "判决书文号"), example="(2024)浙01民初123号"),
    Column("decision_date", "裁判日期", "date", True, ("判决日期", "结案日期", "决定日期"), example="2024-11-05"),
    Column("amount_wan", "获赔或避免损失（万元）", "amount", True, ("获赔金额（万元）", "金额"), example=Decimal("80")),
), "企业作为权利人获赔或避免损失的纠纷（C7）/ disputes won")

CERT_KINDS = {"gbt29490_2013": "GB/T 29490-2013", "gbt29490_2023": "GB/T 29490-2023", "iso56005": "ISO 56005",
              "ip_advantage": "国家知识产权优势企业", "ip_demo": "国家知识产权示范企业"}
CERTIFICATIONS = Table("certifications", "认证与认定", (
    _credit(),
    Column("kind", "类别", "enum", True, ("证书类别", "认证标准"), CERT_KINDS,
           {"GB/T29490-2013": "gbt29490_2013", "GB/T 29490—2013": "gbt29490_2013",
            "GB/T29490-2023": "gbt29490_2023", "GB/T 29490—2023": "gbt29490_2023",
            "ISO56005": "iso56005", "ISO 56005:2020": "iso56005", "优势企业": "ip_advantage",
            "示范企业": "ip_demo"}, example="GB/T 29490-2023"),
    Column("number", "证书编号", "text", False, ("编号",), example="165IP240123R0M"),
    Column("issue_date", "发证日期", "date", True, ("认定日期", "颁证日期"), example="2024-03-01"),
    Column("expiry_date", "有效期至", "date", False, ("到期日",), example="2027-02-28",
           doc="最后有效的一天；空 = 无期限 / last valid day; empty = none"),
), "知识产权管理体系认证、ISO 56005、国家知识产权优势/示范企业（B4、B5）")

RECORD_KIND_LABELS = {"national_award": "国家级知识产权奖励", "provincial_award": "省级政府知识产权奖励",
                      "good_record_provincial": "省级以上信用优良记录", "good_record_county": "县级以上信用优良记录",
                      "bad_record": "失信记录", "infringement": "侵权认定"}
BAD_CATEGORY_LABELS = {"abnormal_patent_application": "非正常专利申请", "malicious_trademark": "恶意商标注册申请",
                       "illegal_agency": "违法代理", "false_materials": "提交虚假材料",
                       "broken_commitment": "信用承诺不实或未履行", "refusal_to_perform": "拒不履行",
                       "listed_dishonest": "其他列入失信条目", "authority_determined": "主管部门认定失信"}
STATUS_LABELS = {"verified": "已核实", "unverified": "未核实", "rejected": "已撤销"}
RECORDS = Table("records", "信用行为记录", (
    _credit(),
    Column("kind", "类别", "enum", True, ("记录类别",), RECORD_KIND_LABELS,
           {"国家级奖励": "national_award", "省级奖励": "provincial_award", "不良记录": "bad_record",
            "侵权": "infringement"}, example="国家级知识产权奖励"),
    Column("date", "日期", "date", True, ("记录日期", "列入日期", "处罚决定日期", "获奖日期"), example="2023-06-01"),
    Column("id", "编号", "text", False, ("决定书文号", "证书编号"), example="ZL-2023-001"),
    Column("title", "名称", "text", False, ("标题", "事由"), example="第二十四届中国专利奖银奖"),
    Column("source", "来源", "text", False, ("作出决定机关", "信息来源"), example="国家知识产权局"),
    Column("status", "核实状态", "enum", False, ("状态",), STATUS_LABELS, {"已核验": "verified", "异议撤销": "rejected"},
           example="已核实", doc="空 = 已核实 / empty = verified"),
    Column("category", "失信类别", "enum", False, ("不良类别", "违法行为类型"), BAD_CATEGORY_LABELS, {},
           example=None, doc="失信记录必填 / required for 失信记录"),
    Column("repaired_on", "信用修复日期", "date", False, ("修复日期", "移出日期"), example=None),
    Column("deduction", "扣分", "amount", False, ("酌定扣分",), example=None, doc="侵权认定必填，0–10"),
    Column("reason", "扣分理由", "text", False, ("理由",), example=None, doc="侵权认定必填"),
), "奖励、信用优良记录、失信记录、侵权认定及信用修复（R1–R4、N1–N9）/ behaviour records")

TABLES: tuple[Table, ...] = (ENTERPRISES, RD_YEARLY, PATENTS, OTHER_RIGHTS, FOREIGN_FILINGS, TRANSACTIONS,
                             DISPUTES, CERTIFICATIONS, RECORDS)
TABLES_BY_NAME = {t.name: t for t in TABLES}


def table_for(name: str) -> Table | None:
    """The table named by a file stem or sheet name (English name or Chinese label)."""
    for table in TABLES:
        if name.strip().lower() == table.name or name.strip() == table.label:
            return table
    return None
