"""The voucher entry's toolbar and workflow: 审核, 记账 and their undoing, 红字冲销, 调整凭证, delete, print.

DOMAIN.md §3: a voucher is reviewed by someone other than its preparer, then posted; a posted
voucher never changes — it is corrected by a reversing voucher (the same lines in red, made and
opened in one click) or an adjusting voucher (opened prefilled from the original, to be changed
and saved). Without signed-in users the reviewer's name is asked for (and remembered on this
computer). Each runs an action of ``actions.ledger_vouchers`` in a worker (``ctx.run_action``); what
is refused is shown above the grid.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMenu, QToolButton

from secretariat_app.actions import ledger_files, ledger_vouchers
from secretariat_app.core.ledger.models import CLOSING, NORMAL, POSTED, PREPARED, REVERSAL, REVIEWED
from secretariat_app.core.ledger.vouchers import VoucherInfo
from secretariat_app.gui.books.common import (
    GREY,
    STATE_COLORS,
    ask_reviewer,
    kind_label,
    operator_name,
    state_label,
    voucher_label,
)
from secretariat_app.i18n import _

USER_SOURCES = ("manual", "import")
PRINT_LAYOUTS = (("two", "Two vouchers per A4 page"), ("a4", "One voucher per A4 page"),
                 ("voucher", "Voucher paper (241 × 140 mm)"))


class WorkflowMixin:
    """Mixed into ``VoucherEntry`` (which provides ``ctx``, ``voucher``, ``banner``, ``show_voucher``…)."""

    def build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(6)

        def button(text: str, tip: str, fn, primary: bool = False) -> QToolButton:
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _c=False: fn())
            if primary:
                b.setStyleSheet("QToolButton { background: #2f6fde; color: white; border-color: #2f6fde; }"
                                "QToolButton:disabled { background: #9dbbef; border-color: #9dbbef; }")
            bar.addWidget(b)
            return b

        self.new_btn = button(_("New voucher"), _("A new voucher (Ctrl+N)"), self.start_new)
        self.save_btn = button(_("Save"), _("Save, then open the next voucher (Ctrl+S)"), self.save, primary=True)
        self.delete_btn = button(_("Delete"), _("Delete this unposted voucher; later numbers close up"), self.delete)
        bar.addSpacing(12)
        self.review_btn = button(_("Review voucher"), _("Review (审核): by someone other than the preparer"), self.review)
        self.unreview_btn = button(_("Cancel review"), _("Cancel the review (by the reviewer)"), self.unreview)
        self.post_btn = button(_("Post voucher"), _("Post (记账) the reviewed voucher"), self.post)
        self.unpost_btn = button(_("Unpost"), _("Unpost (反记账): needs the right; logged"), self.unpost)
        bar.addSpacing(12)
        self.reverse_btn = button(_("Red reversal"), _("Make and open the reversing (红字) voucher of this posted voucher"),
                                  self.reverse)
        self.adjust_btn = button(_("Adjusting voucher"), _("Open an adjusting voucher prefilled from this one"),
                                 self.adjust)
        bar.addSpacing(12)
        self.print_btn = QToolButton()
        self.print_btn.setText(_("Print voucher"))
        self.print_btn.setToolTip(_("Print this voucher to PDF (Ctrl+P)"))
        self.print_btn.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.print_btn)
        for key, label in PRINT_LAYOUTS:
            menu.addAction(_(label), lambda k=key: self.print_pdf(layout=k))
        self.print_btn.setMenu(menu)
        self.print_btn.clicked.connect(lambda _c=False: self.print_pdf())
        bar.addWidget(self.print_btn)
        bar.addStretch(1)
        self.prev_btn = button("◀ " + _("Previous voucher"), _("Previous voucher (PgUp)"), lambda: self.step(-1))
        self.next_btn = button(_("Next voucher") + " ▶", _("Next voucher (PgDn)"), lambda: self.step(1))
        return bar

    def update_actions(self) -> None:
        v = self.voucher
        state = v.state if v is not None else None
        own = v is None or v.source in ("manual", "import")
        self.save_btn.setEnabled(v is None or (state != POSTED and own))
        self.delete_btn.setEnabled(v is not None and state == PREPARED and own)
        self.review_btn.setEnabled(state == PREPARED)
        self.unreview_btn.setEnabled(state == REVIEWED)
        self.post_btn.setEnabled(state == REVIEWED)
        self.unpost_btn.setEnabled(state == POSTED and own and v.kind != CLOSING)
        self.reverse_btn.setEnabled(state == POSTED)
        self.adjust_btn.setEnabled(state == POSTED and v.kind != REVERSAL)
        self.print_btn.setEnabled(v is not None)

    # ---- state shown: stamp, names, links to corrections ---------------------------------------

    def _show_people(self, info: VoucherInfo | None) -> None:
        logged_in = self.ctx.user is not None
        if info is None:
            name = operator_name(self.ctx)
            self.preparer_edit.setText(name)
            self.preparer_edit.setVisible(not logged_in)
            self.preparer_label.setText(name if logged_in else "")
            self.preparer_label.setVisible(logged_in)
            self.reviewer_label.setText("")
            self.poster_label.setText("")
            self.stamp.setText(_("New voucher") if self.adjusting_of is None else kind_label("adjusting"))
            self.stamp.setStyleSheet("color: #6b7785; font-size: 14px;")
            self.links.setText("")
            return
        self.preparer_edit.setVisible(False)
        self.preparer_label.setVisible(True)
        self.preparer_label.setText(info.preparer or "—")
        self.reviewer_label.setText(info.reviewer or "")
        self.poster_label.setText(info.poster or "")
        text = state_label(info.state)
        if info.kind != NORMAL:
            text = f"{kind_label(info.kind)} · {text}"
        self.stamp.setText(text)
        self._stamp_color("#c62828" if info.kind == REVERSAL else STATE_COLORS.get(info.state, GREY).name())
        self.links.setText(self._links_text(info))

    def _stamp_color(self, color: str) -> None:
        self.stamp.setStyleSheet(f"color: {color}; border: 2px solid {color}; border-radius: 4px;"
                                 f" padding: 2px 10px; font-weight: bold; font-size: 14px;")

    def _links_text(self, info: VoucherInfo) -> str:
        parts = []
        links = self.ctx.call(ledger_vouchers.voucher_links, info.id)
        if links.corrects is not None:
            vid, y, m, n = links.corrects
            parts.append(_("Corrects {link}").format(link=f'<a href="{vid}">{y}-{m:02d} {voucher_label(n)}</a>'))
        for vid, kind, y, m, n in links.corrections:
            parts.append(_("{kind}: {link}").format(kind=kind_label(kind) or _("Correction"),
                                                    link=f'<a href="{vid}">{y}-{m:02d} {voucher_label(n)}</a>'))
        if info.source not in USER_SOURCES:
            parts.append(_("Made by {source}; change it there.").format(source=info.source))
        return " · ".join(parts)

    # ---- helpers --------------------------------------------------------------------------------

    def _run(self, fn, *args, title: str, done_message: str | None = None, open_result: bool = True) -> None:
        def done(result) -> None:
            v = result.value
            if open_result and v is not None:
                self.show_voucher(v)
            if done_message and v is not None:
                text = done_message.format(label=f"{v.year}-{v.month:02d} {voucher_label(v.number)}")
                self.ctx.show_status(text)
                self.banner.show_message(text, "info")

        self.banner.clear()
        self.ctx.run_action(fn, *args, title=title, on_done=done, on_error=lambda exc: self.show_refusal(exc))

    # ---- actions --------------------------------------------------------------------------------

    def review(self, reviewer: str | None = None) -> None:
        if self.voucher is None or self.dirty and not self._saved_first():
            return
        name = reviewer or ask_reviewer(self, self.ctx)
        if name:
            self._run(ledger_vouchers.review, self.voucher.id, name, self.voucher.row_version, title=_("Reviewing…"),
                      done_message=_("{label} reviewed."))

    def unreview(self, user: str | None = None) -> None:
        if self.voucher is not None:
            self._run(ledger_vouchers.unreview, self.voucher.id, user or self.voucher.reviewer or "", title=_("Cancelling the review…"))

    def post(self, poster: str | None = None) -> None:
        if self.voucher is not None:
            self._run(ledger_vouchers.post, self.voucher.id, poster or operator_name(self.ctx) or self.voucher.preparer,
                      self.voucher.row_version, title=_("Posting…"), done_message=_("{label} posted."))

    def unpost(self) -> None:
        if self.voucher is not None:
            self._run(ledger_vouchers.unpost, self.voucher.id, operator_name(self.ctx), title=_("Unposting…"))

    def reverse(self, day: date | None = None) -> None:
        """红字冲销 in one click: the reversing voucher is made (dated today) and opened."""
        if self.voucher is not None:
            self._run(ledger_vouchers.reverse, self.voucher.id, day or date.today(), operator_name(self.ctx),
                      title=_("Making the reversing voucher…"),
                      done_message=_("Reversing voucher {label} made; review and post it."))

    def adjust(self, day: date | None = None) -> None:
        """调整凭证: a new voucher prefilled from this posted one, linked to it when saved."""
        if self.voucher is None:
            return
        lines = self.ctx.call(ledger_vouchers.adjustment_template, self.voucher.id)
        self.new_voucher(day or date.today(), list(lines), adjusting_of=self.voucher.id)

    def delete(self, confirm: bool = True) -> None:
        v = self.voucher
        if v is None:
            return
        if confirm and not self.ctx.confirm(_("Delete voucher {label}? The later vouchers of the month are renumbered.")
                                            .format(label=f"{v.year}-{v.month:02d} {voucher_label(v.number)}")):
            return

        def done(_r) -> None:
            self.new_voucher()
            self.ctx.show_status(_("Voucher deleted."))

        self.ctx.run_action(ledger_vouchers.delete, v.id, operator_name(self.ctx), title=_("Deleting…"), on_done=done,
                            on_error=lambda exc: self.show_refusal(exc))

    def print_pdf(self, path: str | None = None, layout: str = "two") -> None:
        v = self.voucher
        if v is None:
            return
        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, _("Print voucher"),
                                                   f"{v.year}-{v.month:02d}-{voucher_label(v.number)}.pdf", "PDF (*.pdf)")
        if not path:
            return
        self.ctx.run_action(ledger_files.print_vouchers, [v.id], path, layout, title=_("Printing…"),
                            on_done=lambda _n: self.ctx.show_status(_("Written to {path}.").format(path=path)))

    def _saved_first(self) -> bool:
        self.banner.show_message(_("Save the changes (Ctrl+S) first."), "warning")
        return False
