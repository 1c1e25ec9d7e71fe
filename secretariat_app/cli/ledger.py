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


def cmd_import(args: argparse.Namespace) -> int:
    from secretariat_app.actions import ledger_files
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        res = ledger_files.import_vouchers_csv(actor, args.file, prepared=args.prepared).value
    print(_("Imported {vouchers} vouchers ({lines} lines) into {months}.").format(
        vouchers=res.vouchers, lines=res.lines, months=", ".join(res.months[:3]) + (" …" if len(res.months) > 3 else "")))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from secretariat_app.actions import ledger_files
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        n = ledger_files.export_vouchers(actor, args.file, year=args.year, fmt=args.format,
                                         with_cashflow=args.with_cashflow)
    print(_("Wrote {n} lines to {file}.").format(n=n, file=args.file))
    return 0


def cmd_trial_balance(args: argparse.Namespace) -> int:
    from secretariat_app.actions import ledger_reports
    from secretariat_app.cli import actor_for, print_json
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
    with actor_for(args) as actor:
        tb = ledger_reports.trial_balance(actor, args.year, to_m, from_month=from_m or 1, posted_only=args.posted_only)
    if args.json:
        print_json(tb.to_json())
        return 0
    print(f"{_('Code'):<10} {_('Account'):<24} {_('Opening'):>16} {_('Debit'):>16} {_('Credit'):>16} {_('Closing'):>16}")
    for r in list(tb.accounts) + [tb.totals]:
        print(f"{r.code:<10} {r.name[:24]:<24} {fen_str(r.opening):>16} {fen_str(r.debit):>16} "
              f"{fen_str(r.credit):>16} {fen_str(r.closing):>16}")
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    from secretariat_app.actions import ledger_periods
    from secretariat_app.cli import actor_for

    y, m = _period(args.period)
    with actor_for(args) as actor:
        ledger_periods.close_month(actor, y, m)
    print(_("Period {period} is closed.").format(period=f"{y}-{m:02d}"))
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    from secretariat_app.actions import ledger_periods
    from secretariat_app.cli import actor_for

    y, m = _period(args.period)
    with actor_for(args) as actor:
        ledger_periods.reopen_month(actor, y, m, note=args.note)
    print(_("Period {period} is open again.").format(period=f"{y}-{m:02d}"))
    return 0


def cmd_year_end(args: argparse.Namespace) -> int:
    from secretariat_app.actions import ledger_periods
    from secretariat_app.cli import actor_for
    from secretariat_app.core.money import fen_str

    with actor_for(args) as actor:
        drafts = ledger_periods.year_end_preview(actor, args.year)
        for d in drafts:
            print(f"{d.date.isoformat()}  {d.summary}")
            for summ, code, deb, cre, _row in d.lines:
                print(f"    {code:<10} {fen_str(deb) if deb else '':>16} {fen_str(cre) if cre else '':>16}")
        if not drafts:
            print(_("Nothing to close: income and expense accounts are zero at the end of {year}.").format(year=args.year))
            return 0
        if args.post:
            done = ledger_periods.post_year_end(actor, args.year).value
            print(_("Posted {n} closing vouchers: {labels}.").format(
                n=len(done), labels=", ".join(f"{v.year}-{v.month:02d} {v.label}" for v in done)))
        else:
            print(_("Preview only; add --post to post these vouchers."))
    return 0


def cmd_voucher_pdf(args: argparse.Namespace) -> int:
    from secretariat_app.actions import ledger_files
    from secretariat_app.cli import actor_for

    filters: dict = {}
    if args.period:
        y, m = _period(args.period)
        filters = dict(year=y, from_month=m, to_month=m)
    elif args.year:
        filters = dict(year=args.year)
    with actor_for(args) as actor:
        n, pages = ledger_files.print_listed(actor, filters, args.out, args.layout, number=args.number)
    print(_("Wrote {n} vouchers on {pages} pages to {file}.").format(n=n, pages=pages, file=args.out))
    return 0


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from secretariat_app.actions import ledger_files
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        ledger_files.export_ledger_xlsx(actor, args.file, args.year)
    print(_("Wrote {file}.").format(file=args.file))
    return 0


def cmd_statements(args: argparse.Namespace) -> int:
    from secretariat_app.actions import ledger_files, ledger_reports
    from secretariat_app.cli import actor_for, print_json

    with actor_for(args) as actor:
        if args.json:
            print_json(ledger_reports.statements(actor, args.year, args.month).to_json())
            return 0
        if args.xlsx:
            ledger_files.export_statements_xlsx(actor, args.xlsx, args.year, args.month)
            print(_("Wrote {file}.").format(file=args.xlsx))
            return 0
        pages = ledger_files.statements_pdf(actor, args.pdf, args.year, args.month)
    print(_("Wrote the statements ({pages} pages) to {file}.").format(pages=pages, file=args.pdf), file=sys.stdout)
    return 0
