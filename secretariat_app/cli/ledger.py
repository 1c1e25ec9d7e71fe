"""``secretariat ledger …`` and ``secretariat statements`` (CLI.md; DOMAIN.md §3).

    ledger import FILE.csv [--prepared]
    ledger export FILE [--year Y] [--format csv|hledger|beancount] [--with-cashflow]
    ledger trial-balance --year Y [--to YYYY-MM] [--posted-only] [--json]
    ledger close --period YYYY-MM
    ledger reopen --period YYYY-MM [--note TEXT]
    ledger year-end --year Y [--post]
    ledger voucher-pdf OUT [--period YYYY-MM] [--number N] [--layout a4|two|voucher]
    ledger export-xlsx FILE --year Y
    statements --year Y [--month M] (--json | --pdf OUT | --xlsx OUT)
"""

from __future__ import annotations

import argparse
import sys

from secretariat_app.errors import DomainError
from secretariat_app.i18n import _


def register(sub, parent) -> None:
    p = sub.add_parser("ledger", parents=[parent], help="books: vouchers, periods, trial balance")
    ls = p.add_subparsers(dest="ledger_command", metavar="ACTION")
    ls.required = True

    q = ls.add_parser("import", parents=[parent], help="import a voucher CSV (whole or nothing)")
    q.add_argument("file", metavar="FILE.csv")
    q.add_argument("--prepared", action="store_true", help="import the vouchers as prepared, not posted")
    q.set_defaults(handler=cmd_import)

    q = ls.add_parser("export", parents=[parent], help="export the vouchers (csv, hledger journal, beancount)")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--year", type=int)
    q.add_argument("--format", choices=["csv", "hledger", "beancount"], default=None,
                   help="default: by the file's extension (.journal/.hledger → hledger, .beancount → beancount)")
    q.add_argument("--with-cashflow", action="store_true", help="csv: add the cash-flow row column")
    q.set_defaults(handler=cmd_export)

    q = ls.add_parser("trial-balance", parents=[parent], help="trial balance (科目余额表)")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--to", help="last month, YYYY-MM (default: December)")
    q.add_argument("--from", dest="from_", help="first month, YYYY-MM (default: January)")
    q.add_argument("--posted-only", action="store_true")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_trial_balance)

    q = ls.add_parser("close", parents=[parent], help="close a month (结账)")
    q.add_argument("--period", required=True, metavar="YYYY-MM")
    q.set_defaults(handler=cmd_close)

    q = ls.add_parser("reopen", parents=[parent], help="reopen a closed month (needs the right)")
    q.add_argument("--period", required=True, metavar="YYYY-MM")
    q.add_argument("--note", default="", help="why (kept in the log)")
    q.set_defaults(handler=cmd_reopen)

    q = ls.add_parser("year-end", parents=[parent], help="show (or --post) the year-end closing vouchers")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--post", action="store_true")
    q.set_defaults(handler=cmd_year_end)

    q = ls.add_parser("voucher-pdf", parents=[parent], help="print vouchers (记账凭证) to PDF")
    q.add_argument("out", metavar="OUT.pdf")
    q.add_argument("--period", metavar="YYYY-MM", help="the month (default: every voucher of --year)")
    q.add_argument("--year", type=int)
    q.add_argument("--number", type=int, help="only this voucher of the month")
    q.add_argument("--layout", choices=["a4", "two", "voucher"], default="two",
                   help="one per A4 page, two per A4 page, or 241 mm voucher paper")
    q.set_defaults(handler=cmd_voucher_pdf)

    q = ls.add_parser("export-xlsx", parents=[parent], help="trial balance, ledgers and statements to xlsx")
    q.add_argument("file", metavar="FILE.xlsx")
    q.add_argument("--year", type=int, required=True)
    q.set_defaults(handler=cmd_export_xlsx)

    p = sub.add_parser("statements", parents=[parent], help="the three statements (会民非01–03表)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--month", type=int, help="to the end of this month (default: December)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--json", action="store_true")
    g.add_argument("--pdf", metavar="OUT")
    g.add_argument("--xlsx", metavar="OUT")
    p.set_defaults(handler=cmd_statements)


def _period(text: str, field: str = "--period") -> tuple[int, int]:
    try:
        y, m = text.strip().split("-")
        y, m = int(y), int(m)
        if 1 <= m <= 12 and 1900 <= y <= 2200:
            return y, m
    except ValueError:
        pass
    raise DomainError(_("{text} is not a month; write it as 2026-03").format(text=text), field=field)


def _user() -> str:
    try:
        from secretariat_app.core.auth import current_user
    except ImportError:  # pragma: no cover
        return ""
    p = current_user()
    return p.name if p is not None else ""


def _book(args):
    from secretariat_app.cli import open_book_for

    return open_book_for(args)


def cmd_import(args: argparse.Namespace) -> int:
    from secretariat_app.core.ledger.models import POSTED, PREPARED
    from secretariat_app.io.vouchers_csv import import_vouchers

    book = _book(args)
    try:
        with book.session() as s:
            res = import_vouchers(s, args.file, state=PREPARED if args.prepared else POSTED, user=_user())
    finally:
        book.close()
    print(_("Imported {vouchers} vouchers ({lines} lines) into {months}.").format(
        vouchers=res.vouchers, lines=res.lines, months=", ".join(res.months[:3]) + (" …" if len(res.months) > 3 else "")))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    fmt = args.format
    name = args.file.lower()
    if fmt is None:
        fmt = "hledger" if name.endswith((".journal", ".hledger", ".ledger")) else \
            "beancount" if name.endswith((".beancount", ".bean")) else "csv"
    book = _book(args)
    try:
        with book.session() as s:
            if fmt == "csv":
                from secretariat_app.io.vouchers_csv import export_vouchers

                n = export_vouchers(s, args.file, year=args.year, with_cashflow=args.with_cashflow)
            else:
                from secretariat_app.io.plaintext import export_beancount, export_hledger

                n = (export_hledger if fmt == "hledger" else export_beancount)(s, args.file, year=args.year)
    finally:
        book.close()
    print(_("Wrote {n} lines to {file}.").format(n=n, file=args.file))
    return 0


def cmd_trial_balance(args: argparse.Namespace) -> int:
    from secretariat_app.cli import print_json
    from secretariat_app.core.ledger import trial_balance
    from secretariat_app.core.money import fen_str

    to_m = from_m = None
    if args.to:
        y, to_m = _period(args.to, "--to")
        if y != args.year:
            raise DomainError(_("--to must be a month of {year}").format(year=args.year), field="--to")
    if args.from_:
        y, from_m = _period(args.from_, "--from")
        if y != args.year:
            raise DomainError(_("--from must be a month of {year}").format(year=args.year), field="--from")
    book = _book(args)
    try:
        with book.session() as s:
            tb = trial_balance(s, args.year, to_m, from_month=from_m or 1, posted_only=args.posted_only)
    finally:
        book.close()
    if args.json:
        print_json(tb.to_json())
        return 0
    print(f"{_('Code'):<10} {_('Account'):<24} {_('Opening'):>16} {_('Debit'):>16} {_('Credit'):>16} {_('Closing'):>16}")
    for r in list(tb.accounts) + [tb.totals]:
        print(f"{r.code:<10} {r.name[:24]:<24} {fen_str(r.opening):>16} {fen_str(r.debit):>16} "
              f"{fen_str(r.credit):>16} {fen_str(r.closing):>16}")
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    from secretariat_app.core.ledger import close_period

    y, m = _period(args.period)
    book = _book(args)
    try:
        with book.session() as s:
            close_period(s, y, m, user=_user())
    finally:
        book.close()
    print(_("Period {period} is closed.").format(period=f"{y}-{m:02d}"))
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    from secretariat_app.core.ledger import reopen_period

    y, m = _period(args.period)
    book = _book(args)
    try:
        with book.session() as s:
            reopen_period(s, y, m, user=_user(), note=args.note)
    finally:
        book.close()
    print(_("Period {period} is open again.").format(period=f"{y}-{m:02d}"))
    return 0


def cmd_year_end(args: argparse.Namespace) -> int:
    from secretariat_app.core.ledger import closing_preview, post_year_end
    from secretariat_app.core.money import fen_str

    book = _book(args)
    try:
        with book.session() as s:
            drafts = closing_preview(s, args.year)
            for d in drafts:
                print(f"{d.date.isoformat()}  {d.summary}")
                for summ, code, deb, cre, _row in d.lines:
                    print(f"    {code:<10} {fen_str(deb) if deb else '':>16} {fen_str(cre) if cre else '':>16}")
            if not drafts:
                print(_("Nothing to close: income and expense accounts are zero at the end of {year}.").format(year=args.year))
                return 0
            if args.post:
                done = post_year_end(s, args.year, user=_user())
                s.commit()
                print(_("Posted {n} closing vouchers: {labels}.").format(
                    n=len(done), labels=", ".join(f"{v.year}-{v.month:02d} {v.label}" for v in done)))
            else:
                print(_("Preview only; add --post to post these vouchers."))
    finally:
        book.close()
    return 0


def cmd_voucher_pdf(args: argparse.Namespace) -> int:
    from secretariat_app.core.ledger import get_voucher, voucher_page
    from secretariat_app.pdf.voucher import write_vouchers

    book = _book(args)
    try:
        with book.session() as s:
            filters = {}
            if args.period:
                y, m = _period(args.period)
                filters = dict(year=y, from_month=m, to_month=m)
            elif args.year:
                filters = dict(year=args.year)
            _total, rows = voucher_page(s, limit=100_000, count=False, **filters)
            if args.number:
                rows = [r for r in rows if r.number == args.number]
            if not rows:
                raise DomainError(_("No voucher matches."))
            vouchers = [get_voucher(s, r.id) for r in rows]
            pages = write_vouchers(s, vouchers, args.out, layout=args.layout)
    finally:
        book.close()
    print(_("Wrote {n} vouchers on {pages} pages to {file}.").format(n=len(vouchers), pages=pages, file=args.out))
    return 0


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from secretariat_app.io.ledger_xlsx import export_ledger_xlsx

    book = _book(args)
    try:
        with book.session() as s:
            export_ledger_xlsx(s, args.file, args.year)
    finally:
        book.close()
    print(_("Wrote {file}.").format(file=args.file))
    return 0


def cmd_statements(args: argparse.Namespace) -> int:
    from secretariat_app.cli import print_json
    from secretariat_app.core.ledger import statements

    book = _book(args)
    try:
        with book.session() as s:
            st = statements(s, args.year, args.month)
            if args.json:
                print_json(st.to_json())
                return 0
            if args.xlsx:
                from secretariat_app.io.ledger_xlsx import export_statements_xlsx

                export_statements_xlsx(s, args.xlsx, st)
                print(_("Wrote {file}.").format(file=args.xlsx))
                return 0
            from secretariat_app.pdf.statements import write_statements

            pages = write_statements(s, st, args.pdf)
    finally:
        book.close()
    print(_("Wrote the statements ({pages} pages) to {file}.").format(pages=pages, file=args.pdf), file=sys.stdout)
    return 0
