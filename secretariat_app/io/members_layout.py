"""The spreadsheet layout of the roll, shared by the import and the export (issue 3).

The first ten columns are the required ones, in this order; the rest are optional (an export
writes them so that re-importing it into an empty book gives the same roll). Each column has a
Chinese header (written by the export), an English one, and a few aliases accepted on import.
"""

from __future__ import annotations

from dataclasses import dataclass

from secretariat_app.core.members.models import ACTIVE, CORPORATE, INDIVIDUAL, LEFT


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = [
    Column("kind", "类型", "kind", ("会员类型", "类别"), True),
    Column("name", "名称", "name", ("会员名称", "单位名称", "姓名"), True),
    Column("credit_code", "统一社会信用代码", "credit_code", ("信用代码", "社会信用代码", "credit code"), True),
    Column("id_number", "身份证号", "id_number", ("身份证号码", "身份证", "id number"), True),
    Column("level", "会员等级", "level", ("等级", "会员级别"), True),
    Column("joined", "入会日期", "joined", ("入会时间", "加入日期"), True),
    Column("contact_name", "联系人", "contact", ("contact_name", "联系人姓名"), True),
    Column("mobile", "手机", "mobile", ("手机号", "手机号码", "移动电话"), True),
    Column("address", "地址", "address", ("通讯地址", "联系地址"), True),
    Column("industry", "行业", "industry", ("所属行业",), True),
    Column("no", "会员编号", "no", ("编号", "member_no", "number")),
    Column("status", "状态", "status", ("会员状态",)),
    Column("left_on", "离会日期", "left_on", ("退会日期", "left")),
    Column("left_reason", "离会原因", "left_reason", ("退会原因",)),
    Column("phone", "电话", "phone", ("固定电话", "座机", "办公电话")),
    Column("legal_representative", "法定代表人", "legal_representative", ("法人代表", "法人")),
    Column("size", "规模", "size", ("企业规模",)),
    Column("gender", "性别", "gender", ()),
    Column("employer", "工作单位", "employer", ()),
    Column("title", "职务", "title", ("职称",)),
    Column("email", "邮箱", "email", ("电子邮箱", "e-mail")),
    Column("note", "备注", "note", ()),
]
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = [c for c in COLUMNS if c.required]
REASON_HEADER = "错误原因"

KIND_TEXT = {CORPORATE: "单位", INDIVIDUAL: "个人"}
STATUS_TEXT = {ACTIVE: "在册", LEFT: "已离会"}
STATUS_WORDS = {"在册": ACTIVE, "正常": ACTIVE, "active": ACTIVE, "": ACTIVE,
                "已离会": LEFT, "离会": LEFT, "已退会": LEFT, "退会": LEFT, "left": LEFT}
REASON_TEXT = {"resigned": "退会", "removed": "除名", "dissolved": "注销"}
REASON_WORDS = {"退会": "resigned", "resigned": "resigned", "自愿退会": "resigned",
                "除名": "removed", "removed": "removed", "注销": "dissolved", "dissolved": "dissolved"}


def _norm(header: str) -> str:
    return "".join(str(header or "").split()).lower().replace("_", "").replace("-", "")


def header_index() -> dict[str, str]:
    """Normalized header text → column key (Chinese, English and aliases)."""
    out: dict[str, str] = {}
    for c in COLUMNS:
        for h in (c.zh, c.en, c.key, *c.aliases):
            out[_norm(h)] = c.key
    return out


def match_headers(headers: list) -> tuple[dict[str, int], list[str]]:
    """(column key → index in the row, headers not understood)."""
    index = header_index()
    found: dict[str, int] = {}
    unknown = []
    for i, h in enumerate(headers):
        key = index.get(_norm(h))
        if key is None:
            if str(h or "").strip():
                unknown.append(str(h))
            continue
        found.setdefault(key, i)
    return found, unknown
