"""Reminder letters (会费催缴通知) in batch: one A4 page per member in arrears, all in one PDF.

Each letter is addressed to the member's primary contact (a corporate member's contact person;
an individual member in person), lists the years and amounts outstanding, the total in figures
and in Chinese capitals, how to pay, and closes with the association's name, the date and the
seal box (``kit.SealBox``); the kit numbers the pages.

Speed (issue 5: 500 letters ≤ 5 s): a letter is one flowable drawn straight on the canvas. The
text is broken into lines by :func:`wrap_lines` with the glyph widths cached, and the paragraphs
every letter shares are broken once — reportlab's general CJK paragraph breaking would measure
every character of every letter again.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from secretariat_app.core.dues.documents import ReminderBatch, ReminderData
from secretariat_app.i18n import _, format_amount, format_date, format_money
from secretariat_app.pdf import kit

# A line may not start with these (禁则: closing punctuation stays on the line before).
NO_START = set("，。、；：？！）》」』”’,.;:?!)]}%")


@lru_cache(maxsize=20000)
def _width(ch: str, font: str, size: float) -> float:
    return stringWidth(ch, font, size)


@lru_cache(maxsize=256)
def wrap_lines(text: str, font: str, size: float, width: float, indent: float = 0.0) -> tuple[str, ...]:
    """``text`` broken into lines no wider than ``width`` (the first ``indent`` narrower):
    between any two characters for Chinese, at spaces for Latin words."""
    lines: list[str] = []
    cur, used, limit = "", 0.0, width - indent
    tokens = _tokens(text)
    for tok in tokens:
        w = sum(_width(ch, font, size) for ch in tok)
        if cur and used + w > limit and not (len(tok) == 1 and tok in NO_START):
            lines.append(cur.rstrip())
            cur, used, limit = "", 0.0, width
            if tok == " ":
                continue
        cur += tok
        used += w
    if cur:
        lines.append(cur.rstrip())
    return tuple(lines)


def _tokens(text: str) -> list[str]:
    """Latin words (with their trailing space) stay whole; every other character is a token."""
    out, word = [], ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out


class ReminderLetter(Flowable):
    """One letter, one page."""

    def __init__(self, batch: ReminderBatch, r: ReminderData, styles, height: float, shared: dict):
        super().__init__()
        self.b, self.r, self.st, self.page_height, self.shared = batch, r, styles, height, shared

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.width, self.height = availWidth, self.page_height  # a whole page: the next letter starts a new one
        return self.width, self.height

    def _para(self, text: str, y: float, *, size: float = 10.5, indent: bool = True, leading: float = 17) -> float:
        c, font = self.canv, self.st.font
        first = 2 * size if indent and self.st.lang.startswith("zh") else 0
        c.setFont(font, size)
        for i, line in enumerate(wrap_lines(text, font, size, self.width, first)):
            c.drawString(first if i == 0 else 0, y, line)
            y -= leading
        return y - 4

    def draw(self) -> None:
        c, st, r = self.canv, self.st, self.r
        w = self.width
        y = self.height - 20
        c.setFillColor(colors.black)
        c.setFont(st.bold, 18)
        c.drawCentredString(w / 2, y, _("Reminder: membership dues outstanding"))
        y -= 22
        c.setFont(st.font, 9.5)
        c.drawRightString(w, y, _("Member number: {no}").format(no=r.member_no))
        y -= 26
        greeting = (_("To {addressee}, {member}:").format(addressee=r.addressee, member=r.member_name)
                    if r.addressee != r.member_name else _("To {member}:").format(member=r.member_name))
        y = self._para(greeting, y, indent=False)
        y = self._para(self.shared["intro"], y)
        y = self._table(y - 2)
        y = self._para(_("Total outstanding: {money} (in words: {capitals}).").format(
            money=format_money(r.due, fen=True), capitals=r.capitals), y - 8)
        self._closing(y)

    def _closing(self, y: float) -> None:
        """What every letter of the batch says after the total — drawn once as a PDF form
        (XObject) and placed on each page."""
        c, sh = self.canv, self.shared
        if "form" not in sh:
            sh["form"] = f"reminder-closing-{id(sh)}"
            c.beginForm(sh["form"], lowerx=-50, lowery=-self.page_height - 50, upperx=self.width + 50, uppery=50)
            c.setFillColor(colors.black)
            bottom = self._para(sh["closing"], 0)
            bottom = self._para(sh["contact"], bottom)
            seal = kit.SealBox(styles=self.st, caption=[self.b.association, sh["date"]], size=34 * mm)
            sw, shh = seal.wrap(self.width, self.height)
            seal.drawOn(c, self.width - sw - 10 * mm, bottom - shh - 8 * mm)
            c.endForm()
        c.saveState()
        c.translate(0, y)
        c.doForm(sh["form"])
        c.restoreState()

    def _table(self, y: float) -> float:
        c, st, r = self.canv, self.st, self.r
        col = (60 * mm, 45 * mm)
        x0 = (self.width - sum(col)) / 2
        rows = [(_("Year"), _("Amount due"), True)]
        rows += [(_("{year} dues").format(year=yr), format_amount(due, fen=True), False) for yr, due in r.years]
        rows.append((_("Total"), format_amount(r.due, fen=True), True))
        h = 17
        c.setStrokeColor(colors.HexColor("#777777"))
        c.setLineWidth(0.5)
        c.setFillColor(colors.HexColor("#e6e9ef"))
        c.rect(x0, y - h, sum(col), h, stroke=0, fill=1)
        c.setFillColor(colors.black)
        for i, (a, amount, bold) in enumerate(rows):
            top = y - i * h
            c.rect(x0, top - h, col[0], h)
            c.rect(x0 + col[0], top - h, col[1], h)
            c.setFont(st.bold if bold else st.font, 10)
            base = top - h + 5
            if i == 0:
                c.drawCentredString(x0 + col[0] / 2, base, a)
                c.drawCentredString(x0 + col[0] + col[1] / 2, base, amount)
            else:
                c.drawString(x0 + 5, base, a)
                c.drawRightString(x0 + sum(col) - 5, base, amount)
        return y - len(rows) * h - 10


def reminders_story(batch: ReminderBatch) -> list:
    st = kit.get_styles()
    height = kit.page_setup("portrait").frame_height - 1
    date_text = format_date(batch.issued)
    shared = {
        "date": date_text,
        "intro": _("According to the charter of {association} and the dues schedule adopted by the general "
                   "assembly, our records show the following membership dues as outstanding on {date}:")
        .format(association=batch.association, date=date_text),
        "closing": _("Dues are the association's main income and keep its services to members going. Please "
                     "pay within thirty days of this notice by bank transfer, or in cash, WeChat Pay or Alipay "
                     "at the secretariat; a receipt will be issued for every payment. If you have paid "
                     "already, please ignore this notice and accept our thanks."),
        "contact": _("Secretariat phone: {phone}; address: {address}.").format(phone=batch.phone or "—",
                                                                               address=batch.address or "—"),
    }
    story: list = [ReminderLetter(batch, r, st, height, shared) for r in batch.letters]
    if not batch.letters:
        story.append(kit.para(_("Nobody owes dues for {year}.").format(year=batch.year), styles=st))
    return story


def _options(batch: ReminderBatch) -> dict:
    return dict(title=_("Dues reminders {year}").format(year=batch.year), association=batch.association,
                header=False, footer=True, subject=_("Reminder: membership dues outstanding"))


def write_reminders(batch: ReminderBatch, out: str | Path) -> int:
    """All the letters of ``batch`` in one PDF at ``out``; returns the number of pages."""
    return kit.build_pdf(str(out), reminders_story(batch), **_options(batch))


def reminders_pdf_bytes(batch: ReminderBatch) -> bytes:
    return kit.pdf_bytes(reminders_story(batch), **_options(batch))
