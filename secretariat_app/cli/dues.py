"""``secretariat dues …`` (CLI.md; DOMAIN.md §2; issue 5).

    dues bill --year Y [--preview] [--json]
    dues pay --member NO --amount X --date D --method bank|cash|wechat|alipay [--bank-account CODE]
             [--payer NAME] [--reference REF] [--issuer NAME] [--receipt OUT.pdf] [--receipt-format a4x2|241]
    dues arrears --year Y (--json | --xlsx OUT) [--level NAME] [--min-years N]
    dues schedule set --year Y --level NAME --amount X [--level … --amount …] [--resolution ID] [--note TEXT]
    dues schedule list [--year Y] [--json]
    dues schedule copy --from Y --to Y
    dues cancel --payment ID [--date D] [--reason TEXT]
    dues receipt --number N --year Y --pdf OUT [--format a4x2|241]      (a reprint: marked 补打)
    dues reminders --year Y --pdf OUT [--level NAME] [--min-years N]
    dues waive --member NO --year Y --reason TEXT
    dues reduce --member NO --year Y --amount X --reason TEXT

Refusals (unknown member, bad amount, closed period, a missing right …) exit 1 with the reason
and write nothing; an output file is checked before anything is recorded. Every command reaches
the book through ``actions.dues`` / ``dues_payments`` / ``dues_arrears`` only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from secretariat_app.errors import DomainError
from secretariat_app.i18n import _


def register(sub, parent) -> None:
    p = sub.add_parser("dues", parents=[parent], help="dues: schedule, billing, payments, receipts, arrears")
    ds = p.add_subparsers(dest="dues_command", metavar="ACTION")
    ds.required = True

    q = ds.add_parser("bill", parents=[parent], help="bill a year's dues (one bill per active member)")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--preview", action="store_true", help="show the bills without making them")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_bill)

    q = ds.add_parser("pay", parents=[parent], help="record a payment (posts its voucher, issues a receipt)")
    q.add_argument("--member", required=True, metavar="NO")
    q.add_argument("--amount", required=True, metavar="X")
    q.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    q.add_argument("--method", required=True, choices=["bank", "cash", "wechat", "alipay"])
    q.add_argument("--bank-account", metavar="CODE", help="the account debited (default: the book's setting)")
    q.add_argument("--payer", help="who paid (default: the member)")
    q.add_argument("--reference", help="bank or transaction reference")
    q.add_argument("--issuer", help="who issues the receipt (default: the logged-in user)")
    q.add_argument("--receipt", metavar="OUT.pdf", help="print the receipt to this file")
    q.add_argument("--receipt-format", choices=["a4x2", "241"], help="default: the book's setting")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_pay)

    q = ds.add_parser("arrears", parents=[parent], help="members owing dues for a year and before")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--json", action="store_true")
    q.add_argument("--xlsx", metavar="OUT.xlsx", help="export to Excel")
    q.add_argument("--level", help="only members of this level")
    q.add_argument("--min-years", type=int, help="only members owing for at least this many years")
    q.set_defaults(handler=cmd_arrears)

    q = ds.add_parser("schedule", parents=[parent], help="the fee schedule (会费标准)")
    ss = q.add_subparsers(dest="schedule_command", metavar="ACTION")
    ss.required = True
    r = ss.add_parser("set", parents=[parent], help="set the fee of levels for a year")
    r.add_argument("--year", type=int, required=True)
    r.add_argument("--level", action="append", required=True, help="a level (repeat with --amount)")
    r.add_argument("--amount", action="append", required=True, help="the annual fee of the level before it")
    r.add_argument("--resolution", type=int, metavar="ID", help="the general assembly's resolution adopting it")
    r.add_argument("--note", default="", help="e.g. where an existing rate comes from (first fiscal year)")
    r.set_defaults(handler=cmd_schedule_set)
    r = ss.add_parser("list", parents=[parent], help="the schedule's rows")
    r.add_argument("--year", type=int)
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_schedule_list)
    r = ss.add_parser("copy", parents=[parent], help="carry a year's rows to another year")
    r.add_argument("--from", dest="from_year", type=int, required=True)
    r.add_argument("--to", dest="to_year", type=int, required=True)
    r.set_defaults(handler=cmd_schedule_copy)

    q = ds.add_parser("cancel", parents=[parent], help="cancel a payment by a reversing voucher")
    q.add_argument("--payment", type=int, required=True, metavar="ID")
    q.add_argument("--date", metavar="YYYY-MM-DD", help="date of the reversal (default: today)")
    q.add_argument("--reason", default="")
    q.set_defaults(handler=cmd_cancel)

    q = ds.add_parser("receipt", parents=[parent], help="reprint a receipt (marked 补打)")
    q.add_argument("--number", type=int, required=True)
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--pdf", required=True, metavar="OUT")
    q.add_argument("--format", choices=["a4x2", "241"], help="default: the book's setting")
    q.set_defaults(handler=cmd_receipt)

    q = ds.add_parser("reminders", parents=[parent], help="reminder letters (催缴通知), one PDF")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--pdf", required=True, metavar="OUT")
    q.add_argument("--level")
    q.add_argument("--min-years", type=int)
    q.set_defaults(handler=cmd_reminders)

    q = ds.add_parser("waive", parents=[parent], help="waive a member's bill of a year, with a reason")
    q.add_argument("--member", required=True, metavar="NO")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--reason", required=True)
    q.set_defaults(handler=cmd_waive)

    q = ds.add_parser("reduce", parents=[parent], help="reduce a member's bill of a year, with a reason")
    q.add_argument("--member", required=True, metavar="NO")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--amount", required=True, metavar="X", help="the reduction (0 takes it back)")
    q.add_argument("--reason", default="")
    q.set_defaults(handler=cmd_reduce)


def _check_out(path: str | None) -> None:
    """Refuse an output file that cannot be written, before anything is recorded."""
    if not path:
        return
    folder = Path(path).expanduser().resolve().parent
    if not folder.is_dir():
        raise DomainError(_("the folder {folder} does not exist").format(folder=folder), field=_("Output file"))


def cmd_bill(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues
    from secretariat_app.cli import actor_for, print_json
    from secretariat_app.core.money import fen_str

    with actor_for(args) as actor:
        res = dues.preview_billing(actor, args.year) if args.preview else dues.bill_year(actor, args.year).value
    if args.json:
        print_json(res.to_json())
        return 0
    head = _("Preview: {n} bills for {year}, {total} in all") if res.preview else \
        _("Billed {n} members for {year}, {total} in all")
    print(head.format(n=res.count, year=res.year, total=fen_str(res.total)))
    if res.already_billed:
        print(_("{n} members were billed for {year} before; nobody is billed twice.").format(
            n=res.already_billed, year=res.year))
    if res.prepaid_applied:
        print(_("Prepaid dues applied: {amount}").format(amount=fen_str(res.prepaid_applied)))
    if res.preview:
        for b in res.bills[:50]:
            print(f"  {b.no}  {b.name}  {b.level}  {fen_str(b.amount)}" + (f"  ({b.months}/12)" if b.months < 12 else ""))
        if res.count > 50:
            print(_("  … and {n} more").format(n=res.count - 50))
    return 0


def cmd_pay(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues_payments
    from secretariat_app.cli import actor_for, print_json
    from secretariat_app.core.money import fen_str

    _check_out(args.receipt)
    with actor_for(args) as actor:
        res = dues_payments.pay(actor, args.member, args.amount, args.date, args.method,
                                bank_account=args.bank_account, payer=args.payer, reference=args.reference,
                                issuer=args.issuer, receipt_path=args.receipt, receipt_paper=args.receipt_format).value
    if args.json:
        print_json(res.to_json())
        return 0
    print(_("Payment {id} recorded: {amount} from {no}; receipt {receipt}; voucher posted.").format(
        id=res.payment_id, amount=fen_str(res.amount), no=res.member_no, receipt=res.receipt_no))
    if res.prepaid:
        print(_("{amount} is prepaid dues for a later year.").format(amount=fen_str(res.prepaid)))
    return 0


def cmd_arrears(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues_arrears
    from secretariat_app.cli import actor_for, print_json
    from secretariat_app.core.money import fen_str

    _check_out(args.xlsx)
    with actor_for(args) as actor:
        n = dues_arrears.export_arrears(actor, args.xlsx, args.year, args.level, args.min_years) if args.xlsx else 0
        rows = dues_arrears.arrears(actor, args.year, args.level, args.min_years) if args.json or not args.xlsx else []
    if args.json:
        print_json({"year": args.year, "members": [r.to_json() for r in rows],
                    "total_due": fen_str(sum(r.due for r in rows))})
        return 0
    if args.xlsx:
        print(_("{n} members written to {file}").format(n=n, file=args.xlsx))
        return 0
    for r in rows:
        print(f"{r.no}  {r.name}  {r.level}  " + _("billed {billed}, paid {paid}, due {due}, {years} years").format(
            billed=fen_str(r.billed), paid=fen_str(r.paid), due=fen_str(r.due), years=r.years_overdue))
    print(_("{n} members owe {total}").format(n=len(rows), total=fen_str(sum(r.due for r in rows))))
    return 0


def cmd_schedule_set(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues
    from secretariat_app.cli import actor_for

    if len(args.level) != len(args.amount):
        raise DomainError(_("give one --amount for each --level"), field=_("Amount"))
    with actor_for(args) as actor:
        dues.set_schedule(actor, args.year, dict(zip(args.level, args.amount)), args.resolution, args.note)
    print(_("The fee schedule of {year} is saved.").format(year=args.year))
    return 0


def cmd_schedule_list(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues
    from secretariat_app.cli import actor_for, print_json
    from secretariat_app.core.dues.schedule import STATUS_LABELS
    from secretariat_app.core.money import fen_str

    with actor_for(args) as actor:
        rows = dues.schedule_rows(actor, args.year)
    if args.json:
        print_json({"schedule": [{"year": r.year, "level": r.level, "amount": fen_str(r.amount),
                                  "status": r.status, "resolution_id": r.resolution_id, "note": r.note}
                                 for r in rows]})
        return 0
    for r in rows:
        print(f"{r.year}  {r.level}  {fen_str(r.amount)}  {_(STATUS_LABELS[r.status])}  {r.resolution or r.note}")
    if not rows:
        print(_("No fee schedule yet."))
    return 0


def cmd_schedule_copy(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        dues.copy_schedule(actor, args.from_year, args.to_year)
    print(_("The fee schedule of {src} is copied to {dst}.").format(src=args.from_year, dst=args.to_year))
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues_payments
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        dues_payments.cancel_payment(actor, args.payment, args.date, args.reason)
    print(_("Payment {id} is cancelled; its voucher is reversed and its receipt marked void.").format(id=args.payment))
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues_payments
    from secretariat_app.cli import actor_for

    _check_out(args.pdf)
    with actor_for(args) as actor:
        label = dues_payments.reprint_receipt(actor, args.pdf, year=args.year, number=args.number,
                                              paper=args.format).value
    print(_("Receipt {label} printed to {file} (reprint).").format(label=label, file=args.pdf))
    return 0


def cmd_reminders(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues_arrears
    from secretariat_app.cli import actor_for

    _check_out(args.pdf)
    with actor_for(args) as actor:
        n = dues_arrears.write_reminders(actor, args.pdf, args.year, args.level, args.min_years)
    print(_("{n} reminder letters written to {file}").format(n=n, file=args.pdf))
    return 0


def cmd_waive(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        dues.waive_bill(actor, args.member, args.year, args.reason)
    print(_("The {year} bill of {no} is waived.").format(year=args.year, no=args.member))
    return 0


def cmd_reduce(args: argparse.Namespace) -> int:
    from secretariat_app.actions import dues
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        dues.reduce_bill(actor, args.member, args.year, args.amount, args.reason)
    print(_("The {year} bill of {no} is reduced.").format(year=args.year, no=args.member))
    return 0
