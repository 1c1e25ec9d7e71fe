"""The three statements (会民非01/02/03表) computed from the edition's data (NPO-FORMS-2004.md).

- 资产负债表 at the end of ``month`` (年初数 = balances at 1 January, 期末数 = at the month's end).
- 业务活动表: 本月数 and 本年累计数, each 非限定性 / 限定性 / 合计; closing vouchers are left out.
- 现金流量表: the year to the end of ``month`` from the cash-flow rows of the cash lines.
Before the closing vouchers are posted, the unclosed income and expense balances count as
非限定性 / 限定性净资产 by restriction (DOMAIN.md §3 Closing) — the statement says so in a
footnote. Every identity of the edition (资产总计 = 负债和净资产总计, row 61 = change of 货币资金)
is checked: a broken one is a DomainError, never a statement to print.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import get_value
from secretariat_app.core.ledger import formula
from secretariat_app.core.ledger.accounts import Chart, load_chart
from secretariat_app.core.ledger.balances import balances_at_month_end, balances_at_month_start, movements
from secretariat_app.core.ledger.edition import Edition, load_edition
from secretariat_app.core.ledger.periods import year_edition
from secretariat_app.core.money import fen_str
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _

BS, ACT, CF = "balance_sheet", "activities", "cash_flow"


@dataclass
class StatementLine:
    row: int | None
    item: str
    formula: str
    heading: bool = False
    total: bool = False
    side: str = ""
    values: dict[str, int] = field(default_factory=dict)


@dataclass
class Statements:
    year: int
    month: int
    edition: str
    edition_title: str
    balance_sheet: list[StatementLine]
    activities: list[StatementLine]
    cash_flow: list[StatementLine]
    footnotes: list[str]
    forms: dict[str, dict]
    signatures: list[str]

    def line(self, statement: str, row: int) -> StatementLine:
        for ln in getattr(self, statement):
            if ln.row == row:
                return ln
        raise KeyError(row)

    def to_json(self) -> dict:
        """The CLI.md document: whole-year (本年累计数) figures, every line with a row number."""
        return {
            "year": self.year,
            "edition": self.edition_title,
            "balance_sheet": [{"row": ln.row, "item": ln.item, "opening": fen_str(ln.values["opening"]),
                               "closing": fen_str(ln.values["closing"])} for ln in self.balance_sheet if ln.row],
            "activities": [{"row": ln.row, "item": ln.item, "unrestricted": fen_str(ln.values["ytd_U"]),
                            "restricted": fen_str(ln.values["ytd_R"]), "total": fen_str(ln.values["ytd_T"])}
                           for ln in self.activities if ln.row and ln.item],
            "cash_flow": [{"row": ln.row, "item": ln.item, "amount": fen_str(ln.values["amount"])}
                          for ln in self.cash_flow if ln.row],
        }


def statement_inputs(session: Session, year: int) -> dict[str, int]:
    """Figures the user enters at year end (rows 15 and 74, 1421 split), fen; default zero."""
    raw = get_value(session, f"ledger.bs_inputs.{year}")
    return {k: int(v) for k, v in json.loads(raw).items()} if raw else {}


def set_statement_inputs(session: Session, year: int, values: dict[str, int]) -> None:
    from secretariat_app.core.book_settings import set_value

    allowed = {"15", "1421_debt", "74_2501", "74_2502"}
    bad = set(values) - allowed
    if bad:
        raise DomainError(_("Unknown statement inputs: {keys}").format(keys=", ".join(sorted(bad))))
    set_value(session, f"ledger.bs_inputs.{year}", json.dumps({k: int(v) for k, v in values.items()}))


class _Eval:
    """Evaluates one statement's lines for one column."""

    def __init__(self, chart: Chart, lines: list[dict]):
        self.chart = chart
        self.lines = lines
        self.parsed: dict[tuple[int, str], list[formula.Term]] = {}

    def account(self, code: str, amounts: dict[int, int], keep=lambda a: True) -> int:
        acc = self.chart.by_code.get(code)
        if acc is None:
            return 0
        sign = 1 if acc.normal == "D" else -1
        return sign * sum(amounts.get(a.id, 0) for a in self.chart.leaves_under(code) if keep(a))

    def run(self, column: str, resolve_fn) -> dict[int | str, int]:
        """Value of every line with a row, in order (rows may refer to earlier rows only)."""
        values: dict = {}
        for i, ln in enumerate(self.lines):
            if ln.get("heading"):
                continue
            f = ln["formula"]
            text = f.get(column, "0") if isinstance(f, dict) else f
            if ln.get("columns") and column not in ln["columns"]:
                text = "0"
            terms = self.parsed.get((i, text))
            if terms is None:  # (setdefault would parse every time)
                terms = self.parsed[(i, text)] = formula.parse(text)

            def resolve(t, _ln=ln):
                if t.kind == "row":
                    return values[int(t.name)]
                return resolve_fn(t, _ln)

            values[ln["row"]] = formula.evaluate(terms, resolve)
        return values


def _chart_sets(chart: Chart):
    def restriction(a) -> str:
        return "R" if a.restriction == "R" else "U"
    return restriction


def compute(session: Session, year: int, month: int | None = None, *, posted_only: bool = False,
            check: bool = True) -> Statements:
    month = month or 12
    chart = load_chart(session)
    ed = load_edition(year_edition(session, year))
    restriction = _chart_sets(chart)
    footnotes: list[str] = []

    # -- balance sheet ---------------------------------------------------------------------
    bal = {"opening": balances_at_month_start(session, year, 1, posted_only=posted_only),
           "closing": balances_at_month_end(session, year, month, posted_only=posted_only)}
    inputs = {"opening": statement_inputs(session, year - 1), "closing": statement_inputs(session, year)}
    bs_lines = ed.lines(BS)
    ev = _Eval(chart, bs_lines)
    bs_values = {}
    unclosed_seen = False
    for col in ("opening", "closing"):
        amounts = bal[col]

        def fn(t, ln, amounts=amounts, col=col):
            nonlocal unclosed_seen
            if t.kind == "account":
                return ev.account(t.name, amounts)
            if t.name == "entrusted":
                return sum(amounts.get(a.id, 0) for c in t.args for a in chart.leaves_under(c) if chart.entrusted(a.code))
            if t.name == "unclosed":
                want = t.args[0]
                v = -sum(amounts.get(a.id, 0) for a in chart.by_code.values() if a.is_leaf and (
                    (a.category == "income" and restriction(a) == want) or (a.category == "expense" and want == "U")))
                unclosed_seen = unclosed_seen or v != 0
                return v
            if t.name == "input":
                return inputs[col].get(t.args[0], 0)
            raise ValueError(f"unknown term {t} in the balance sheet")

        bs_values[col] = ev.run(col, fn)
    if unclosed_seen:
        footnotes.append(_("Income and expenses not yet closed to net assets are included in unrestricted and "
                           "restricted net assets according to their restriction."))

    # -- statement of activities --------------------------------------------------------------
    moves = {"month": movements(session, year, month, month, posted_only=posted_only, closing=False),
             "ytd": movements(session, year, 1, month, posted_only=posted_only, closing=False)}
    act_lines = ed.lines(ACT)
    ev_a = _Eval(chart, act_lines)
    act_values = {}
    na_r = chart.by_code.get(ed.net_assets["R"])
    children = {}

    def kids(code):
        if code not in children:
            parent = chart.by_code[code]
            children[code] = sorted((a for a in chart.by_code.values() if a.parent_id == parent.id), key=lambda a: a.code)
        return children[code]

    for period in ("month", "ytd"):
        net = {k: d - c for k, (d, c) in moves[period].items()}
        for col in ("U", "R"):
            def fn(t, ln, net=net, col=col):
                keep = (lambda a: restriction(a) == col) if col else (lambda a: True)
                if t.kind == "account":
                    return ev_a.account(t.name, net, keep)
                if t.name == "release":
                    return sum(net.get(a.id, 0) for a in chart.leaves_under(na_r.code)) if na_r else 0
                if t.name == "breakdown":
                    code, k = t.args[0], int(t.args[1])
                    ks = kids(code)
                    picked = ks[k - 1:k] if (len(ks) <= 4 or k < 4) else ks[3:]
                    return sum(ev_a.account(a.code, net, keep) for a in picked)
                raise ValueError(f"unknown term {t} in the statement of activities")

            act_values[f"{period}_{col}"] = ev_a.run(col, fn)

    # -- cash flow ------------------------------------------------------------------------------
    cash = _cash_rows(session, year, month, posted_only)
    cf_lines = ed.lines(CF)
    ev_c = _Eval(chart, cf_lines)

    def fn_c(t, ln):
        if t.name == "cf":
            d, c = cash.get(int(t.args[0]), (0, 0))
            return d - c if int(t.args[0]) in ed.in_rows else c - d
        raise ValueError(f"unknown term {t} in the cash-flow statement")

    cf_values = ev_c.run("amount", fn_c)

    st = Statements(year=year, month=month, edition=ed.code, edition_title=ed.title,
                    balance_sheet=[_line(ln, {c: bs_values[c].get(ln["row"], 0) for c in bs_values}) for ln in bs_lines],
                    activities=[_act_line(ln, act_values, kids) for ln in act_lines],
                    cash_flow=[_line(ln, {"amount": cf_values.get(ln["row"], 0)}) for ln in cf_lines],
                    footnotes=footnotes, forms={k: {"form": v["form"], "title": v["title"]} for k, v in ed.statements.items()},
                    signatures=list(ed.signatures))
    if check:
        check_identities(st, ed)
    return st


def _line(ln: dict, values: dict) -> StatementLine:
    f = ln.get("formula", "")
    return StatementLine(row=ln.get("row"), item=ln["item"], formula=json.dumps(f, ensure_ascii=False) if isinstance(f, dict) else f,
                         heading=bool(ln.get("heading")), total=bool(ln.get("total")), side=ln.get("side", ""),
                         values={} if ln.get("heading") else values)


def _act_line(ln: dict, act_values: dict, kids) -> StatementLine:
    values = {}
    if not ln.get("heading"):
        for period in ("month", "ytd"):
            u = act_values[f"{period}_U"].get(ln["row"], 0)
            r = act_values[f"{period}_R"].get(ln["row"], 0)
            values.update({f"{period}_U": u, f"{period}_R": r, f"{period}_T": u + r})
    out = _line(ln, values)
    k = ln.get("breakdown")
    if k:
        code = ln["formula"].split("(")[1].split(",")[0]
        ks = kids(code)
        name = ""
        if len(ks) >= k:
            name = ks[k - 1].name if (len(ks) <= 4 or k < 4) else _("Other")
        out.item = (ln["item"] + name) if name else ""
    return out


def _cash_rows(session: Session, year: int, month: int, posted_only: bool) -> dict[int, tuple[int, int]]:
    from sqlalchemy import func, select

    from secretariat_app.core.ledger.models import CashflowTotal

    q = (select(CashflowTotal.row, func.sum(CashflowTotal.debit), func.sum(CashflowTotal.credit))
         .where(CashflowTotal.year == year, CashflowTotal.month <= month).group_by(CashflowTotal.row))
    if posted_only:
        q = q.where(CashflowTotal.bucket == 1)
    return {r: (int(d or 0), int(c or 0)) for r, d, c in session.execute(q)}


def _ref(st: Statements, ref: str) -> int:
    statement, row, col = ref.strip().split(":")
    return st.line(statement, int(row)).values[col]


def check_identities(st: Statements, ed: Edition) -> None:
    """Refuse statements whose identities do not hold (naming each broken one with both figures)."""
    problems = []
    for ident in ed.identities:
        left = _ref(st, ident["left"])
        right = 0
        for sign, ref in _split(ident["right"]):
            right += sign * _ref(st, ref)
        if left != right:
            problems.append(Problem(_("{name}: {left} ≠ {right}").format(name=ident["name"], left=fen_str(left),
                                                                          right=fen_str(right))))
    if problems:
        raise DomainError(_("The statements of {year} do not agree; nothing is printed. Check the book "
                            "(secretariat check) and the cash-flow rows of the cash lines:").format(year=st.year),
                          problems=problems)


def _split(expr: str):
    expr = expr.replace(" - ", " + -")
    for part in expr.split(" + "):
        part = part.strip()
        yield (-1, part[1:]) if part.startswith("-") else (1, part)


def statements(session: Session, year: int, month: int | None = None, *, posted_only: bool = False) -> Statements:
    """The three statements of ``year`` (to the end of ``month``, default December), checked."""
    return compute(session, year, month, posted_only=posted_only)


def statements_json(session: Session, year: int) -> dict:
    return statements(session, year).to_json()
