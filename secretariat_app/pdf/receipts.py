"""Dues receipts (会费收据) as PDF, on the user's choice of paper (setting ``dues.receipt_format``):

- ``a4x2``: two receipts on an A4 sheet, a dashed cutting line between them;
- ``241``: one receipt a form on **241 × 93.1 mm** continuous paper (9.5 × 3 ⅔ inch) — the common
  three-part (三联) receipt form of Chinese offices' dot-matrix printers (241 × 139.7 mm is the
  voucher size; receipts use the shorter form).

Each receipt (DOMAIN.md §2): the association, 收据 and its number (gapless per year), the date,
the payer, the member number, the period covered, the amount in figures and in Chinese capitals
(``core.capitals.rmb_capitals``), the method (and bank reference), the issuer, the seal box
(``kit.SealBox``). A cancelled receipt carries a large 作废 across it; a reprint says 补打.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from secretariat_app.core.dues.documents import ReceiptData
from secretariat_app.i18n import _, format_date, format_money
from secretariat_app.pdf import kit

RED = colors.HexColor("#c00000")
FORMATS = {"a4x2": ("A4", 2), "241": ((241 * mm, 93.1 * mm), 1)}
MARGINS = {"a4x2": (12 * mm, 16 * mm, 12 * mm, 16 * mm), "241": (5 * mm, 10 * mm, 4 * mm, 12 * mm)}


class ReceiptForm(Flowable):
    """One receipt of fixed height (half an A4 sheet, or the whole 241 mm form)."""

    def __init__(self, data: ReceiptData, *, height: float, compact: bool):
        super().__init__()
        self.d, self.form_height, self.compact = data, height, compact
        self.st = kit.get_styles()

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.width, self.height = availWidth, self.form_height
        return self.width, self.height

    def _label(self, text: str) -> str:
        return text + ("：" if self.st.lang.startswith("zh") else ": ")

    def draw(self) -> None:
        c, st, d = self.canv, self.st, self.d
        w, h = self.width, self.height
        big = 15 if self.compact else 18
        size = 9.5 if self.compact else 10.5
        top = h - big - 2
        c.setFillColor(colors.black)
        c.setFont(st.bold, big)
        title = _("Receipt")
        c.drawCentredString(w / 2, top, title)
        tw = c.stringWidth(title, st.bold, big)
        c.setLineWidth(0.8)
        c.line(w / 2 - tw / 2 - 8, top - 4, w / 2 + tw / 2 + 8, top - 4)
        c.line(w / 2 - tw / 2 - 8, top - 6, w / 2 + tw / 2 + 8, top - 6)
        c.setFont(st.font, size)
        c.drawString(0, top, d.association)
        c.setFillColor(RED)
        c.drawRightString(w, top, _("Receipt no. {number}").format(number=d.number))
        c.setFillColor(colors.black)
        y = top - (16 if self.compact else 26)
        c.drawRightString(w, y, format_date(d.date))
        c.drawString(0, y, self._label(_("Member number")) + d.member_no)
        self._grid(y - 6, size)
        self._marks()

    def _row_height(self) -> float:
        # Four rows take about half the form: 27 pt on the 93 mm form, 40 pt on half an A4.
        return max(14.0, min(40.0, self.height * 0.46 / 4))

    def _grid(self, y_top: float, size: float) -> None:
        c, st, d, w = self.canv, self.st, self.d, self.width
        row_h = self._row_height()
        rows = [
            (_("Received from"), d.payer, None),
            (_("Paid for"), _("Membership dues {period}").format(period=d.period), None),
            (_("Amount in words"), d.capitals, format_money(d.amount, fen=True)),
            (_("Payment method"), d.method + (f"（{d.reference}）" if d.reference else ""), None),
        ]
        label_w = (28 if self.compact else 32) * mm
        figure_w = 38 * mm
        table_h = row_h * len(rows)
        c.setLineWidth(0.6)
        c.rect(0, y_top - table_h, w, table_h)
        for i, (label, value, figure) in enumerate(rows):
            y = y_top - row_h * (i + 1)
            if i:
                c.line(0, y + row_h, w, y + row_h)
            c.line(label_w, y, label_w, y + row_h)
            base = y + (row_h - size) / 2 + 1.5
            c.setFont(st.font, size)
            c.drawCentredString(label_w / 2, base, label)
            style = st.cell_style("left", size=size)
            limit = w - label_w - 8 - (figure_w if figure else 0)
            p = Paragraph(kit.markup(value), style)
            pw, ph = p.wrap(limit, row_h)
            p.drawOn(c, label_w + 4, y + (row_h - ph) / 2)
            if figure:
                c.line(w - figure_w, y, w - figure_w, y + row_h)
                c.setFont(st.bold, size + 1)
                c.drawRightString(w - 4, base, figure)
        y = y_top - table_h - (12 if self.compact else 20)
        c.setFont(st.font, size)
        c.drawString(0, y, self._label(_("Received by (seal)")))
        c.drawString(w * 0.45, y, self._label(_("Issued by")) + (d.issuer or ""))
        c.drawString(w * 0.72, y, self._label(_("Payer's signature")))
        seal = kit.SealBox(size=(18 if self.compact else 30) * mm, styles=st, caption=[])
        sw, sh = seal.wrap(w, self.height)
        seal.drawOn(c, 30 * mm, max(0, y - sh + 10))
        c.setFillColor(colors.HexColor("#555555"))
        c.setFont(st.font, 8)
        c.drawRightString(w, 2, _("Valid with the association's seal; keep it for your accounts."))
        c.setFillColor(colors.black)

    def _marks(self) -> None:
        c, st, d = self.canv, self.st, self.d
        if d.reprint:  # a boxed 补打 right of the title
            c.saveState()
            c.setStrokeColor(RED)
            c.setFillColor(RED)
            c.setLineWidth(1)
            big = 15 if self.compact else 18
            title_w = c.stringWidth(_("Receipt"), st.bold, big)
            label = _("Reprint")
            c.setFont(st.bold, 11)
            lw = c.stringWidth(label, st.bold, 11) + 10
            x, y = self.width / 2 + title_w / 2 + 16, self.height - big - 6
            c.rect(x, y, lw, 16)
            c.drawString(x + 5, y + 4.5, label)
            c.restoreState()
        if d.cancelled:
            c.saveState()
            c.setFillColor(RED)
            c.setStrokeColor(RED)
            c.setFillAlpha(0.55)
            c.setStrokeAlpha(0.7)
            c.translate(self.width / 2, self.height / 2)
            c.rotate(18)
            size = 46 if self.compact else 64
            label = _("Void")
            c.setFont(st.bold, size)
            lw = c.stringWidth(label, st.bold, size)
            c.drawCentredString(0, -size / 3, label)
            c.setLineWidth(3)
            c.setFillAlpha(0)
            c.roundRect(-lw / 2 - 14, -size / 3 - 14, lw + 28, size + 16, 6, stroke=1, fill=0)
            c.restoreState()


class CutLine(Flowable):
    """A dashed line with ✂ between two receipts on one sheet."""

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.width, self.height = availWidth, 8 * mm
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(colors.HexColor("#999999"))
        c.setDash(4, 3)
        c.line(-10 * mm, self.height / 2, self.width + 10 * mm, self.height / 2)
        c.restoreState()


def receipts_story(receipts: list[ReceiptData], fmt: str = "a4x2") -> tuple[list, object, tuple]:
    """Flowables for ``receipts``, the page size and margins to build them on."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown receipt format {fmt!r}; known: {', '.join(FORMATS)}")
    pagesize, per_page = FORMATS[fmt]
    margins = MARGINS[fmt]
    setup = kit.page_setup("portrait" if pagesize == "A4" else None, pagesize=pagesize, margins=margins)
    cut = 8 * mm if per_page > 1 else 0
    height = (setup.frame_height - cut * (per_page - 1)) / per_page - 1
    story: list = []
    for i, r in enumerate(receipts):
        story.append(ReceiptForm(r, height=height, compact=fmt == "241"))
        if per_page > 1 and i % per_page == 0 and i + 1 < len(receipts):
            story.append(CutLine())
    return story, pagesize, margins


def receipts_pdf_bytes(receipts: list[ReceiptData], fmt: str = "a4x2") -> bytes:
    story, pagesize, margins = receipts_story(receipts, fmt)
    association = receipts[0].association if receipts else ""
    return kit.pdf_bytes(story, title=_("Dues receipt"), association=association, pagesize=pagesize,
                         orientation="portrait" if pagesize == "A4" else None, margins=margins, header=False,
                         footer=False, subject=", ".join(r.number for r in receipts[:20]))


def write_receipts(receipts: list[ReceiptData], out: str | Path, fmt: str = "a4x2") -> int:
    """Print ``receipts`` to ``out``; returns the number of pages."""
    story, pagesize, margins = receipts_story(receipts, fmt)
    association = receipts[0].association if receipts else ""
    return kit.build_pdf(str(out), story, title=_("Dues receipt"), association=association, pagesize=pagesize,
                         orientation="portrait" if pagesize == "A4" else None, margins=margins, header=False,
                         footer=False, subject=", ".join(r.number for r in receipts[:20]))

