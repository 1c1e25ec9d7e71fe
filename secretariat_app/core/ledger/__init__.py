"""Books (账套记账): NPO double-entry bookkeeping — DOMAIN.md §3, NPO-FORMS-2004.md.

Public API (import from ``secretariat_app.core.ledger``). Every function takes a SQLAlchemy
``session`` and runs inside ``db.session.transaction(session)``: called inside the caller's
transaction it joins it (a dues payment posts its voucher in the payment's own transaction);
called outside it commits on its own. Refusals raise ``DomainError`` (translated message,
nothing written). Money is integer fen everywhere; dates are ``datetime.date``; users are plain
name strings (the trust capability maps its users onto them).

Chart of accounts (``accounts.py``)
    ensure_chart(session, edition=None) -> int
        Seed the edition's chart (48 accounts + the xxxx01/xxxx02 income sub-accounts) if the
        book has none; idempotent, cheap. Called lazily by every ledger service, so a new book
        needs nothing; ``create_book`` hooks may call it too.
    list_accounts(session, include_disabled=True) -> list[AccountInfo]
        AccountInfo: code, name, full_name ("会费收入—非限定性收入"), parent_code, level,
        category (asset|liability|net_assets|income|expense), normal ("D"|"C"),
        restriction ("U"|"R"|None), entrusted, is_leaf, disabled, used, pinyin (initials).
    get_account(session, code) -> AccountInfo
    add_sub_account(session, parent_code, name, *, code=None, entrusted=False,
                    take_over=False) -> AccountInfo        (2 digits a level; code optional)
    rename_account / disable_account / enable_account / delete_account(session, code, ...)
    sub_account_template(session) -> list[dict]; copy_sub_accounts(session, template)
        (a new book copies another book's sub-accounts: agency bookkeeping)

Vouchers (``vouchers.py``) — workflow prepared → reviewed → posted (DOMAIN.md §3 Vouchers)
    Line = (summary, account_code, debit_fen, credit_fen, cashflow_row | None)
        (a ``VoucherLineIn`` namedtuple or a plain 5-tuple/4-tuple; a dict with those keys works too)
    create_voucher(session, date, lines, *, attachments=0, preparer="", post=False,
                   source="manual", source_ref=None, kind="normal", corrects=None,
                   reviewer=None, poster=None) -> VoucherInfo
        Number = next in the month (gapless). Cash lines (1001/1002/1009 leaves) without a
        cash-flow row get the suggested one (pass the row to choose, e.g. 2 for dues received
        into 2203 预收账款). ``post=True`` (automatic postings, e.g. dues: source="dues",
        source_ref="payment:17") records the voucher posted at once (poster = ``poster`` or the
        preparer; ``reviewer`` ≠ preparer may be recorded). Vouchers whose source is not
        manual/import are changed or deleted only with ``allow_source=True`` (their capability).
    update_voucher(session, voucher_id, *, date=None, lines=None, attachments=None, editor="")
    delete_voucher(session, voucher_id, *, user="")       (unposted only; later numbers close up)
    review_voucher(session, voucher_id, reviewer)         (reviewer ≠ preparer)
    unreview_voucher(session, voucher_id, user)
    post_voucher(session, voucher_id, poster)             (reviewed → posted)
    unpost_voucher(session, voucher_id, user, *, can_unpost=False)
    reverse_voucher(session, voucher_id, date, *, preparer="", post=False) -> VoucherInfo
        the 红字 voucher: same lines, negative amounts, ``corrects`` = original
    adjustment_template(session, voucher_id) -> list[Line]   (prefill for an adjusting voucher)
    get_voucher(session, voucher_id) -> VoucherInfo (with .lines)
    suggest_cashflow_row(session, lines, index) -> int | None
    voucher_page(session, *, year=None, from_month=None, to_month=None, state=None, text=None,
                 account=None, offset=0, limit=200) -> (total, [VoucherRow])   (lazy tables)

Periods (``periods.py``)
    is_period_open(session, date) -> bool
    period_status(session, year) -> list[PeriodInfo]
    close_period(session, year, month, *, user="")   refuses with every blocker listed
    reopen_period(session, year, month, *, user="", can_reopen=False, note="")   (refused unless can_reopen)
    set_opening_balances(session, year, {code: signed_fen}) (debit-positive; once, must balance)
    get_opening_balances(session, year) -> {code: fen}; close_blockers(session, year, month)
    year_end_preview(session, year) -> list[VoucherDraft]; post_year_end(session, year, user="")
    release_restriction(session, date, amount_fen, *, summary, preparer="", post=False,
                        from_code="3102", to_code="3101")

Ledgers and statements (``reports.py``, ``statements.py``)
    account_balance(session, code, on_date, *, posted_only=False) -> int   (debit-positive)
    trial_balance(session, year, to_month=None, *, from_month=1, posted_only=False) -> TrialBalance
        .accounts: [TBRow(code, name, opening, debit, credit, closing)] (leaves, signed
        debit-positive, fen), .totals; ``trial_balance_json`` gives the CLI.md shape.
    general_ledger(session, code, year) -> list of month rows (opening, debit, credit, balance)
    detail_ledger(session, code, year, *, from_month=1, to_month=12, offset=0, limit=200)
        -> DetailPage(total, opening, rows=[DetailRow(date, voucher_id, number, summary, account,
           debit, credit, balance, state, seq)]); pass ``after=page.cursor`` (keyset, O(page))
           for the next page of a lazy model, ``count=False`` to skip the count
    drill_down(session, code, year, from_month, to_month, *, offset=0, limit=200)
        -> vouchers behind a trial-balance figure
    statements(session, year, month=None, *, posted_only=False) -> Statements
        balance_sheet / activities / cash_flow lines with row, item, formula and fen amounts,
        edition, footnotes; identities checked (DomainError when broken).
    statements_json(session, year) -> the CLI.md document.
    statement_inputs / set_statement_inputs(session, year, {"15", "1421_debt", "74_2501",
        "74_2502": fen}) — the current portions entered at year end (rows 15 and 74).

Editions (``edition.py``, ``newyear.py``): ``load_edition(code)``; a new edition is a JSON file
in ``editions/`` plus ``newyear.open_year_in_edition(session, year, code)``.

Imports and exports (``imports.py``, ``exports.py``): ``imports.import_vouchers(session, batch, *,
state, user)`` checks a parsed ``VoucherBatch`` against the book and writes it whole or refuses it;
``exports.voucher_csv_lines`` / ``journal`` / ``ledger_workbook`` give the plain data the files are
written from.

Elsewhere: ``core.summary.book_summary(book)`` (book switcher); the user actions are
``actions.ledger*``; ``io.vouchers_csv`` (``read_vouchers_csv``, ``write_vouchers_csv``),
``io.plaintext`` (``write_hledger``, ``write_beancount``), ``io.ledger_xlsx``,
``pdf.statements.write_statements`` / ``statements_story`` (for report packages),
``pdf.voucher.write_vouchers``.

Transactions: a service joins a transaction already open on the session — including one that
SQLAlchemy began implicitly for an earlier read — and then does not commit; the caller does.
"""

from secretariat_app.core.ledger.accounts import (
    AccountInfo,
    add_sub_account,
    copy_sub_accounts,
    delete_account,
    disable_account,
    enable_account,
    ensure_chart,
    get_account,
    list_accounts,
    rename_account,
    sub_account_template,
)
from secretariat_app.core.ledger.balances import account_balance
from secretariat_app.core.ledger.models import ADJUSTING, CLOSING, NORMAL, POSTED, PREPARED, RELEASE, REVERSAL, REVIEWED
from secretariat_app.core.ledger.periods import (
    PeriodInfo,
    close_blockers,
    close_period,
    get_opening_balances,
    is_period_open,
    period_status,
    reopen_period,
    set_opening_balances,
    unclosed_accounts,
)
from secretariat_app.core.ledger.reports import (
    DetailPage,
    DetailRow,
    TBRow,
    TrialBalance,
    VoucherRow,
    detail_ledger,
    drill_down,
    general_ledger,
    rollup,
    trial_balance,
    voucher_page,
)
from secretariat_app.core.ledger.statements import (
    Statements,
    set_statement_inputs,
    statement_inputs,
    statements,
    statements_json,
)
from secretariat_app.core.ledger.vouchers import (
    LineInfo,
    VoucherInfo,
    VoucherLineIn,
    create_voucher,
    delete_voucher,
    find_voucher,
    get_voucher,
    suggest_cashflow_row,
    update_voucher,
)
from secretariat_app.core.ledger.workflow import (
    adjustment_template,
    create_adjusting_voucher,
    post_voucher,
    reverse_voucher,
    review_voucher,
    unpost_voucher,
    unreview_voucher,
)
from secretariat_app.core.ledger.yearend import VoucherDraft, closing_preview, post_year_end, release_restriction

year_end_preview = closing_preview


def trial_balance_json(session, year: int, to_month: int | None = None, *, posted_only: bool = False) -> dict:
    """The CLI.md trial-balance document."""
    return trial_balance(session, year, to_month, posted_only=posted_only).to_json()


# The ledger API (``from secretariat_app.core import ledger as L``), as the docstring lists it.
__all__ = ["ADJUSTING", "CLOSING", "NORMAL", "POSTED", "PREPARED", "RELEASE", "REVERSAL", "REVIEWED",
           "account_balance", "AccountInfo", "add_sub_account", "adjustment_template", "close_blockers",
           "close_period", "closing_preview", "copy_sub_accounts", "create_adjusting_voucher", "create_voucher",
           "delete_account", "delete_voucher", "detail_ledger", "DetailPage", "DetailRow", "disable_account",
           "drill_down", "enable_account", "ensure_chart", "find_voucher", "general_ledger", "get_account",
           "get_opening_balances", "get_voucher", "is_period_open", "LineInfo", "list_accounts", "period_status",
           "PeriodInfo", "post_voucher", "post_year_end", "release_restriction", "rename_account", "reopen_period",
           "reverse_voucher", "review_voucher", "rollup", "set_opening_balances", "set_statement_inputs",
           "statement_inputs", "statements", "Statements", "statements_json", "sub_account_template",
           "suggest_cashflow_row", "TBRow", "trial_balance", "trial_balance_json", "TrialBalance",
           "unclosed_accounts", "unpost_voucher", "unreview_voucher", "update_voucher", "voucher_page",
           "VoucherDraft", "VoucherInfo", "VoucherLineIn", "VoucherRow", "year_end_preview"]
