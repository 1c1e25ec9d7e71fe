"""The three statements as PDF, in the official layout (会民非01/02/03表; DOMAIN.md §3).

Each statement: the form number at the right (会民非0N表), the title, one line 编制单位 / period /
单位：元, every line with its 行次 and official item name, amounts with thousands separators and
two decimals (a blank for a zero line, as on the printed forms), the edition of the standard,
the interim footnote when income and expenses are not yet closed, and the signature line
单位负责人 / 主管会计工作的负责人 / 会计机构负责人（会计主管人员）/ 制表人.

The balance sheet is two-sided (资产 | 负债和净资产) on landscape A4; the statement of activities
(two column groups of three) on landscape A4 too; the cash-flow statement on portrait A4. Only
statements whose identities hold reach this module (``core.ledger.statements`` refuses others).
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm

from secretariat_app.core.ledger.statements import Statements
from secretariat_app.i18n import _, current_language, format_amount
from secretariat_app.pdf import kit

FONT = 8
TIGHT = [("TOPPADDING", (0, 0), (-1, -1), 0.8), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8)]


def _amt(value: int | None, total: bool = False) -> str:
    if value is None:
        return ""
    if value == 0 and not total:
        return ""
    return format_amount(value, fen=True)


def _period_texts(st: Statements) -> dict[str, str]:
    end = date(st.year, st.month, calendar.monthrange(st.year, st.month)[1])
    return {
        "balance_sheet": f"{end.year}年{end.month}月{end.day}日" if current_language() == "zh_CN" else end.isoformat(),
        "activities": (f"{st.year}年{st.month}月" if current_language() == "zh_CN" else f"{st.year}-{st.month:02d}"),
        "cash_flow": (f"{st.year}年度" if st.month == 12 else f"{st.year}年1—{st.month}月")
        if current_language() == "zh_CN" else (f"{st.year}" if st.month == 12 else f"{st.year}-01 – {st.year}-{st.month:02d}"),
    }


def _head(st: Statements, key: str, unit_name: str) -> list:
    form = st.forms[key]
    return kit.title_block(form["title"], code=form["form"],
                           left=_("Prepared by unit: {name}").format(name=unit_name),
                           center=_period_texts(st)[key], right=_("Unit: yuan"))


def _foot(st: Statements) -> list:
    styles = kit.get_styles()
    notes = [_("Edition: {edition}").format(edition=st.edition_title)] + list(st.footnotes)
    out = [kit.spacer(1.5)]
    for n in notes:
        out.append(kit.para(n, styles.small))
    signers = kit.statement_signers() if current_language() != "zh_CN" else list(st.signatures or kit.statement_signers())
    out.append(kit.SignatureLines(signers, blank=24 * mm, size=9, space_before=3 * mm))
    return out


def balance_sheet_story(st: Statements, unit_name: str) -> list:
    left = [ln for ln in st.balance_sheet if ln.side == "assets"]
    right = [ln for ln in st.balance_sheet if ln.side == "liabilities"]
    head = [_("Assets"), _("Row no."), _("Start of year"), _("End of period"),
            _("Liabilities and net assets"), _("Row no."), _("Start of year"), _("End of period")]
    rows, extra = [head], []
    styles = kit.get_styles()
    for i in range(max(len(left), len(right))):
        cells: list[str] = []
        for k, side in enumerate((left, right)):
            if i < len(side):
                ln = side[i]
                cells += [ln.item, str(ln.row) if ln.row else "",
                          "" if ln.heading else _amt(ln.values["opening"], ln.total),
                          "" if ln.heading else _amt(ln.values["closing"], ln.total)]
                if ln.total:  # bold with a rule above, on its own side only
                    r = len(rows)
                    extra += [("FONT", (4 * k, r), (4 * k + 3, r), styles.bold, FONT),
                              ("LINEABOVE", (4 * k, r), (4 * k + 3, r), 0.8, colors.black)]
            else:
                cells += ["", "", "", ""]
        rows.append(cells)
    table = kit.kit_table(rows, align=["left", "center", "right", "right"] * 2, font_size=FONT, zebra=False,
                          widths=["2.2*", 22, "1*", "1*", "2.2*", 22, "1*", "1*"], style=TIGHT + extra)
    return _head(st, "balance_sheet", unit_name) + [table] + _foot(st)


def activities_story(st: Statements, unit_name: str) -> list:
    h1 = [_("Item"), _("Row no."), _("This month"), "", "", _("Year to date"), "", ""]
    h2 = ["", ""] + [_("Unrestricted"), _("Restricted"), _("Total")] * 2
    rows, totals = [h1, h2], []
    for ln in st.activities:
        if ln.heading:
            rows.append([ln.item, "", "", "", "", "", "", ""])
            continue
        expense_only = ln.row in (12, 13, 14, 15, 16, 21, 24, 28, 35)
        v = ln.values
        cells = [ln.item, str(ln.row)]
        for p in ("month", "ytd"):
            cells += [_amt(v[f"{p}_U"], ln.total), "" if expense_only and not v[f"{p}_R"] else _amt(v[f"{p}_R"], ln.total),
                      _amt(v[f"{p}_T"], ln.total)]
        if ln.total:
            totals.append(len(rows))
        rows.append(cells)
    spans = [((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (4, 0)), ((5, 0), (7, 0))]
    table = kit.kit_table(rows, header_rows=2, align=["left", "center"] + ["right"] * 6, font_size=FONT, zebra=False,
                          total_rows=totals, spans=spans, widths=["2.6*", 22] + ["1*"] * 6, style=TIGHT)
    return _head(st, "activities", unit_name) + [table] + _foot(st)


def cash_flow_story(st: Statements, unit_name: str) -> list:
    rows, totals = [[_("Item"), _("Row no."), _("Amount")]], []
    for ln in st.cash_flow:
        if ln.heading:
            rows.append([ln.item, "", ""])
            continue
        if ln.total:
            totals.append(len(rows))
        rows.append([ln.item, str(ln.row), _amt(ln.values["amount"], ln.total)])
    table = kit.kit_table(rows, align=["left", "center", "right"], font_size=9, zebra=False, total_rows=totals,
                          widths=["3*", 26, "1.2*"], style=TIGHT)
    return _head(st, "cash_flow", unit_name) + [table] + _foot(st)


def statements_story(st: Statements, unit_name: str, *, which=("balance_sheet", "activities", "cash_flow"),
                     first_template: str = "landscape") -> list:
    """The chosen statements as one story (for a report package); each starts on its own page."""
    makers = {"balance_sheet": (balance_sheet_story, "landscape"), "activities": (activities_story, "landscape"),
              "cash_flow": (cash_flow_story, "portrait")}
    story: list = []
    for i, key in enumerate(which):
        fn, template = makers[key]
        if i or template != first_template:  # each statement on its own page, in its orientation
            story += kit.new_page(template)
        story += fn(st, unit_name)
    return story


def write_statements(st: Statements, out: str | Path, *, unit: str = "",
                     which=("balance_sheet", "activities", "cash_flow")) -> int:
    """Write the statements to ``out`` (``unit``: the association's name, 编制单位); returns the pages."""
    first = {"cash_flow": "portrait"}.get(which[0], "landscape")
    story = statements_story(st, unit, which=which, first_template=first)
    return kit.build_pdf(str(out), story, title=_("Financial statements {year}").format(year=st.year),
                         association=unit, orientation=first, subject=st.edition_title)
