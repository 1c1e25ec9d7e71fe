"""Vouchers (记账凭证) as PDF: one per A4 page, two per A4 page, or on 241 mm voucher paper.

Each form: the title 记账凭证, 编制单位, the date, 记字第 N 号 and the attachments count (附单据 N
张); a grid 摘要 | 会计科目 | 借方金额 | 贷方金额 with at least five lines; the total line with the
amount in Chinese capitals (``core.capitals.rmb_capitals``); the signature row 会计主管 / 记账 /
审核 / 出纳 / 制单 with the names the voucher records. A voucher with more lines than one form
holds continues on the next form (第 1/2 张), the total on the last. A reversing voucher (红字)
prints its amounts in red with a minus sign and says so in the title.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from secretariat_app.core.capitals import rmb_capitals
from secretariat_app.core.ledger.vouchers import VoucherInfo
from secretariat_app.i18n import _, format_amount
from secretariat_app.pdf import kit

LAYOUTS = {"a4": ("A4", 1), "two": ("A4", 2), "voucher": ("voucher-241", 1)}
RED = colors.HexColor("#c00000")


class VoucherForm(Flowable):
    """One 记账凭证 form of fixed height (a page, or half a page)."""

    def __init__(self, voucher: VoucherInfo, unit: str, lines: list, *, height: float, part: tuple[int, int],
                 last: bool):
        super().__init__()
        self.v, self.unit, self.lines, self.form_height, self.part, self.last = voucher, unit, lines, height, part, last
        self.st = kit.get_styles()

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.width = availWidth
        self.height = self.form_height  # a whole form or none: platypus moves it to the next page
        return self.width, self.height

    def _table(self) -> Table:
        st, v = self.st, self.v
        size = 9
        cell = st.cell_style("left", size=size)
        red = v.kind == "reversal"
        head = [_("Summary"), _("Account"), _("Debit amount"), _("Credit amount")]
        rows = [head]
        for ln in self.lines:
            rows.append([Paragraph(ln.summary, cell), Paragraph(f"{ln.account} {ln.account_name}", cell),
                         format_amount(ln.debit, fen=True) if ln.debit else "",
                         format_amount(ln.credit, fen=True) if ln.credit else ""])
        while len(rows) < 6:
            rows.append(["", "", "", ""])
        if self.last:
            total = sum(ln.debit for ln in self.v.lines)
            rows.append([Paragraph(_("Total: {capitals}").format(capitals=rmb_capitals(total)), cell), "",
                         format_amount(total, fen=True), format_amount(total, fen=True)])
        else:
            rows.append([_("Continued on the next form"), "", "", ""])
        w = self.width
        widths = [w * 0.34, w * 0.34, w * 0.16, w * 0.16]
        t = Table(rows, colWidths=widths, rowHeights=None)
        cmds = [("FONT", (0, 0), (-1, -1), st.font, size), ("FONT", (0, 0), (-1, 0), st.bold, size),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"), ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("SPAN", (0, -1), (1, -1)),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        if red:
            cmds.append(("TEXTCOLOR", (2, 1), (3, -1), RED))
        t.setStyle(TableStyle(cmds))
        return t

    def draw(self) -> None:
        c, st, v = self.canv, self.st, self.v
        top = self.height
        title = _("Voucher (reversal)") if v.kind == "reversal" else _("Voucher")
        c.setFont(st.bold, 16)
        c.drawCentredString(self.width / 2, top - 18, title)
        c.setLineWidth(0.8)
        tw = c.stringWidth(title, st.bold, 16)
        c.line(self.width / 2 - tw / 2 - 6, top - 22, self.width / 2 + tw / 2 + 6, top - 22)
        c.setFont(st.font, 9)
        y = top - 38
        c.drawString(0, y, _("Prepared by unit: {name}").format(name=self.unit))
        c.drawCentredString(self.width / 2, y, f"{v.date.year}年{v.date.month:02d}月{v.date.day:02d}日"
                            if st.lang.startswith("zh") else v.date.isoformat())
        number = _("No. {number}").format(number=v.number)
        if self.part[1] > 1:
            number += f"（{self.part[0]}/{self.part[1]}）"
        c.drawRightString(self.width, y, number)
        c.drawRightString(self.width, y - 12, _("Attachments: {n}").format(n=v.attachments))
        table = self._table()
        tw_, th = table.wrapOn(c, self.width, self.height)
        table.drawOn(c, 0, y - 18 - th)
        c.setFont(st.font, 9)
        sig_y = y - 18 - th - 16
        names = [(_("Accounting supervisor"), ""), (_("Voucher poster"), v.poster or ""), (_("Voucher reviewer"), v.reviewer or ""),
                 (_("Cashier"), ""), (_("Voucher preparer"), v.preparer or "")]
        step = self.width / len(names)
        for i, (label, name) in enumerate(names):
            c.drawString(i * step, sig_y, f"{label}：{name}" if st.lang.startswith("zh") else f"{label}: {name}")


def _forms(v: VoucherInfo, unit: str, height: float) -> list[VoucherForm]:
    # Lines per form: what fits between the header (≈ 60 pt), the total and the signatures.
    per = max(5, int((height - 110) // 20))
    chunks = [v.lines[i:i + per] for i in range(0, len(v.lines), per)] or [[]]
    return [VoucherForm(v, unit, chunk, height=height, part=(i + 1, len(chunks)), last=(i == len(chunks) - 1))
            for i, chunk in enumerate(chunks)]


def vouchers_story(vouchers: list[VoucherInfo], unit: str, *, layout: str = "two") -> tuple[list, str]:
    """Flowables for ``vouchers`` and the page size name to build them on."""
    pagesize, per_page = LAYOUTS[layout]
    setup = kit.page_setup("portrait" if pagesize == "A4" else None, pagesize=pagesize)
    height = setup.frame_height / per_page - (4 if per_page > 1 else 0)
    story: list = []
    for v in vouchers:
        for form in _forms(v, unit, height):
            story.append(form)
            if per_page > 1:
                story.append(kit.spacer(1))
    return story, pagesize


def write_vouchers(vouchers: list[VoucherInfo], out: str | Path, *, unit: str = "", layout: str = "two") -> int:
    """Print ``vouchers`` to ``out`` (``unit``: the association's name, 编制单位); returns the number of pages."""
    if layout not in LAYOUTS:
        raise ValueError(layout)
    story, pagesize = vouchers_story(vouchers, unit, layout=layout)
    return kit.build_pdf(str(out), story, title=_("Vouchers"), association=unit, pagesize=pagesize,
                         orientation="portrait" if pagesize == "A4" else None, header=False, footer=False)
