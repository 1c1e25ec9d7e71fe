"""The books, part 5: files — voucher CSV import and export, hledger/beancount journals, the ledgers
and statements as xlsx, vouchers and statements as PDF.

io/ reads and writes the files and pdf/ renders, from plain data; the book's rules and the writing
are core's (``core.ledger.imports``), all inside the action's one transaction: a voucher CSV is
imported whole or not at all (CLI.md "Voucher CSV"). The hledger and beancount files agree with the
trial balance (every voucher, whatever its state, after the opening balances).
"""

from __future__ import annotations

from pathlib import Path

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.ledger import chart_ready, operator
from secretariat_app.actions.ledger_vouchers import voucher_filters
from secretariat_app.core import ledger
from secretariat_app.core.ledger.imports import ImportResult
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

FORMATS = ("csv", "hledger", "beancount")


def format_of(path: str, fmt: str | None = None) -> str:
    """The export format: ``fmt``, else by the file's extension (.journal/.hledger/.ledger → hledger,
    .beancount/.bean → beancount, anything else csv)."""
    if fmt:
        return fmt
    name = str(path).lower()
    if name.endswith((".journal", ".hledger", ".ledger")):
        return "hledger"
    return "beancount" if name.endswith((".beancount", ".bean")) else "csv"


@action("ledger.write")
def import_vouchers_csv(uow: Uow, path: str, prepared: bool = False, user: str = "") -> ImportResult:
    """Import a voucher CSV whole or not at all: posted (they come from books already kept) unless
    ``prepared``. Refused naming every bad voucher."""
    from secretariat_app.core.ledger.imports import import_vouchers
    from secretariat_app.io.vouchers_csv import read_vouchers_csv

    batch = read_vouchers_csv(path)
    res = import_vouchers(uow.session, batch, state=ledger.PREPARED if prepared else ledger.POSTED, user=operator(uow, user))
    uow.changes.record("vouchers", *range(res.first_id, res.first_id + res.vouchers))
    uow.changes.record("periods", *res.months)
    return res


@query()
def export_vouchers(uow: Uow, path: str, year: int | None = None, fmt: str | None = None,
                    with_cashflow: bool = False) -> int:
    """Write the vouchers (every state) as a voucher CSV, an hledger journal or a beancount file;
    returns the number of lines (postings) written."""
    chart_ready(uow)
    from secretariat_app.core.ledger.exports import journal, voucher_csv_lines

    fmt = format_of(path, fmt)
    if fmt == "csv":
        from secretariat_app.io.vouchers_csv import write_vouchers_csv

        return write_vouchers_csv(path, voucher_csv_lines(uow.session, year), with_cashflow=with_cashflow)
    from secretariat_app.io.plaintext import write_beancount, write_hledger

    if fmt not in FORMATS:
        raise DomainError(_("Unknown export format {fmt}").format(fmt=fmt))
    return (write_hledger if fmt == "hledger" else write_beancount)(path, journal(uow.session, year))


@query()
def export_ledger_xlsx(uow: Uow, path: str, year: int) -> str:
    """Trial balance, general ledger, detail ledger and the statements of ``year`` as xlsx."""
    chart_ready(uow)
    from secretariat_app.core.ledger.exports import ledger_workbook
    from secretariat_app.io.ledger_xlsx import write_ledger_xlsx

    write_ledger_xlsx(path, ledger_workbook(uow.session, year))
    return str(path)


@query()
def export_statements_xlsx(uow: Uow, path: str, year: int, month: int | None = None,
                           posted_only: bool = False) -> str:
    chart_ready(uow)
    from secretariat_app.io.ledger_xlsx import write_statements_xlsx

    write_statements_xlsx(path, ledger.statements(uow.session, year, month, posted_only=posted_only))
    return str(path)


def _unit(uow: Uow) -> str:
    from secretariat_app.core.book_settings import get_value

    return get_value(uow.session, "name", "") or ""


@query()
def statements_pdf(uow: Uow, path: str, year: int, month: int | None = None, posted_only: bool = False) -> int:
    """The three statements as PDF (refused when an identity does not hold); returns the pages."""
    chart_ready(uow)
    from secretariat_app.pdf.statements import write_statements

    st = ledger.statements(uow.session, year, month, posted_only=posted_only)
    return write_statements(st, Path(path), unit=_unit(uow))


@query()
def print_vouchers(uow: Uow, ids: list[int], path: str, layout: str = "two", progress=None) -> int:
    """记账凭证 PDF of the vouchers ``ids``: one per A4 (``a4``), two per A4 (``two``) or voucher paper;
    returns the number of pages."""
    chart_ready(uow)
    return _print(uow, ids, path, layout, progress)


def _print(uow: Uow, ids: list[int], path: str, layout: str, progress) -> int:
    from secretariat_app.pdf.voucher import write_vouchers

    if not ids:
        raise DomainError(_("No voucher matches."))
    infos = []
    for i, vid in enumerate(ids):
        if progress is not None and i % 50 == 0:
            progress(i, len(ids))
        infos.append(ledger.get_voucher(uow.session, vid))
    return write_vouchers(infos, Path(path), unit=_unit(uow), layout=layout)


@query()
def print_listed(uow: Uow, filters: dict, path: str, layout: str = "two", number: int | None = None,
                 progress=None, limit: int = 100_000) -> tuple[int, int]:
    """Print the vouchers a list shows (its filters; ``number``: only that number of the months);
    returns (vouchers, pages). DomainError when none matches."""
    chart_ready(uow)
    _total, rows = ledger.voucher_page(uow.session, limit=limit, count=False, **voucher_filters(filters))
    ids = [r.id for r in rows if number is None or r.number == number]
    return len(ids), _print(uow, ids, path, layout, progress)
