"""Dues (会费): fee schedules, billing runs, payments posted to the books, receipts, arrears.

Rules: DOMAIN.md §2 (and §4 for the resolution adopting the schedule); issue 5. Decisions where
DOMAIN.md is silent are written in the module named.

API (every function takes a SQLAlchemy ``Session``; writers are one action in one transaction and
join the caller's; refusals raise ``DomainError`` before anything is written; money is integer
fen in results, yuan ``Decimal``/``str`` in arguments):

Schedule (``schedule``)
    set_schedule(session, year, {level: amount}, *, resolution_id=None, note="") -> Changes
        ``resolution_id``: an adopted general-assembly dues resolution (secret ballot); without
        one a row is a draft and cannot be billed, except for years up to the book's first
        fiscal year with a note (the existing rate).
    copy_schedule(session, from_year, to_year), delete_schedule(session, id),
    list_schedules(session, year=None) -> [ScheduleRow], dues_resolutions(session)

Billing (``billing``)
    bill_year(session, year, *, preview=False, today=None) -> BillingResult
        one bill per active member, pro rata by month when ``dues.pro_rata`` = ``by_month``;
        running it twice bills nobody twice; prepaid dues applied (Dr 2203 / Cr 420101).
    reduce_bill(session, bill_id, reduction, reason), waive_bill(session, bill_id, reason),
    bill_of(session, member_no, year), record_opening_arrears(session, member_no, year, amount, note)

Payments (``payments``)
    record_payment(session, member_no, amount, date, method, *, bank_account=None, payer=None,
                   reference=None, issuer=None) -> PaymentResult
        oldest open bills first, the rest prepaid; ONE posted voucher (Dr 1002/1001/1009 … with
        cash-flow row 2 / Cr 420101 and 2203); a receipt numbered per year.
    cancel_payment(session, payment_id, *, day=None, reason="") (reversing voucher, receipt 作废)
    mark_reprint(session, receipt_id) (补打), reissue_receipt(session, receipt_id)
    Bulk (``bulk``): record_payments(session, [PaymentIn]) — the same for thousands at once.

Arrears and figures (``arrears``, ``dashboard``)
    arrears(session, year, *, level=None, min_years_overdue=None) -> [ArrearsRow]
    arrears_json(session, year) -> the CLI.md document; arrears_total(session, year) -> fen
    dues_dashboard(session, year) -> DuesDashboard (billed, collected, rate by level, by month)

Documents (``documents``): receipt_data, reminder_batch — printed by ``pdf.receipts`` and
``pdf.reminders``. Settings (``settings``): ``dues.pro_rata``, ``dues.receipt_format``,
``dues.bank_account`` … Checks (``checks``) run in ``secretariat check``. Demo (``demo.build``).
"""

from secretariat_app.core.dues.arrears import arrears_json, arrears_total

__all__ = ["arrears_json", "arrears_total"]
