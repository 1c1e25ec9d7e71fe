"""Benchmark of the books page's big lists (issue 4): 100,000 vouchers, a detail ledger of 100,000 lines.

Targets: opening the voucher list (count + first page into the view) ≤ 0.5 s; opening the detail
ledger of an account with 100,000 lines ≤ 0.5 s; scrolling on (the next page) stays small.

    .venv/bin/python bench/bench_ledger_gui.py [--n 100000] [--book PATH] [--rebuild]

The book (bench/out/ledger-gui-<n>-v<DATA_VERSION>.sqlite, reused when present) gets its vouchers
through the voucher CSV import action (``actions.ledger_files.import_vouchers_csv``): every voucher is Dr 1002
银行存款 / Cr 420101 会费收入, so 1002's detail ledger has ``n`` lines. Then the real views are
opened offscreen and timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_OPEN = 0.5
DATA_VERSION = 1
YEAR = 2025


def build_book(path: Path, n: int):
    """A book with ``n`` two-line vouchers of ``YEAR`` imported from a CSV."""
    from secretariat_app.actions import Actor, ledger_files
    from secretariat_app.core.book_settings import update_settings
    from secretariat_app.db.book import create_book

    book = create_book(path, overwrite=True)
    with book.session() as s:
        update_settings(s, name="基准测试行业协会")
    csv_path = path.with_suffix(".csv")
    per_month = -(-n // 12)
    t0 = time.perf_counter()
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("date,voucher,summary,account,debit,credit\n")
        for i in range(n):
            month, k = divmod(i, per_month)
            day = date(YEAR, month + 1, 1 + k % 28).isoformat()
            amount = f"{100 + i % 9000}.{i % 100:02d}"
            summary = f"收到会员单位会费 第{i + 1}笔"
            fh.write(f"{day},{k + 1},{summary},1002,{amount},\n{day},{k + 1},{summary},420101,,{amount}\n")
    result = ledger_files.import_vouchers_csv(Actor(book), str(csv_path)).value
    csv_path.unlink()
    print(f"built: {result.vouchers:,} vouchers, {result.lines:,} lines in {time.perf_counter() - t0:.1f} s")
    return book


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--book")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args(argv)

    from PySide6.QtWidgets import QApplication, QWidget

    from secretariat_app.db.book import open_book
    from secretariat_app.i18n import set_language

    app = QApplication.instance() or QApplication([])
    set_language("zh_CN")
    path = Path(args.book) if args.book else Path(__file__).parent / "out" / f"ledger-gui-{args.n}-v{DATA_VERSION}.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not path.exists():
        build_book(path, args.n).close()
    book = open_book(str(path))

    from secretariat_app.gui.books.detail_model import DetailLedgerModel
    from secretariat_app.gui.books.ledgers import LedgerView
    from secretariat_app.gui.books.voucher_list import VoucherListView
    from secretariat_app.gui.context import AppContext

    window = QWidget()
    ctx = AppContext(book, window, screenshot_mode=True)
    failures = 0

    from secretariat_app.gui.pages.books import BooksPage

    t0 = time.perf_counter()
    page = BooksPage(ctx)
    page.resize(1280, 760)
    page.show()
    app.processEvents()
    print(f"books page (voucher entry shown) opens in {(time.perf_counter() - t0) * 1000:.0f} ms")
    from secretariat_app.gui import operations

    operations.wait_for_ops()

    # voucher list: the page's tab with its filters on the year, shown in a real view
    view = VoucherListView(ctx)
    view.resize(1200, 700)
    view.show()
    view.year.set_years([YEAR], keep=YEAR)

    def open_list():
        view.apply()
        app.processEvents()

    best, med = timed(open_list)
    ok = best <= TARGET_OPEN
    failures += not ok
    print(f"voucher list of {view.model.total:,} vouchers opens in {best * 1000:.0f} ms (median {med * 1000:.0f}) "
          f"— target ≤ {TARGET_OPEN * 1000:.0f} ms {'OK' if ok else 'MISSED'}")
    best, med = timed(lambda: (view.model.fetchMore(), app.processEvents()))
    print(f"  next page while scrolling: {best * 1000:.1f} ms (median {med * 1000:.1f})")
    view.state.setCurrentIndex(4)  # posted
    best, med = timed(open_list)
    print(f"  filtered by state: {best * 1000:.0f} ms; by text: ", end="")
    view.state.setCurrentIndex(0)
    view.search.setText("第99999笔")
    best, med = timed(open_list)
    print(f"{best * 1000:.0f} ms ({view.model.total} found)")
    view.search.setText("")

    # detail ledger of 1002: the model the ledger tab shows
    model = DetailLedgerModel(ctx)
    best, med = timed(lambda: model.set_query("1002", YEAR))
    ok = best <= TARGET_OPEN
    failures += not ok
    print(f"detail ledger of {model.lines:,} lines opens in {best * 1000:.0f} ms (median {med * 1000:.0f}) "
          f"— target ≤ {TARGET_OPEN * 1000:.0f} ms {'OK' if ok else 'MISSED'}")
    best, med = timed(model.fetchMore)
    print(f"  next page while scrolling (keyset): {best * 1000:.1f} ms (median {med * 1000:.1f})")
    ledger = LedgerView(ctx)
    ledger.resize(1200, 700)
    ledger.show()
    t0 = time.perf_counter()
    ledger.reload()
    ledger.show_account("1002", YEAR)
    app.processEvents()
    print(f"  the whole ledger tab (chart tree + detail ledger shown): {(time.perf_counter() - t0) * 1000:.0f} ms")
    book.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
