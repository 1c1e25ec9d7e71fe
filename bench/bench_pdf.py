"""Benchmark of the PDF kit: a member-roll-like table of 5,000 rows (≈110 A4 pages).

    .venv/bin/python bench/bench_pdf.py [ROWS]

Target: 5,000 rows in ≤ 10 s (a large association's roll; a typical one has a few hundred).
"""

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secretariat_app.pdf import kit  # noqa: E402
from secretariat_app.pdf.kit import Column  # noqa: E402

TARGET_S = 10.0


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    t0 = time.perf_counter()
    kit.get_styles()
    t_fonts = time.perf_counter() - t0
    cols = [Column("序号", "integer"), Column("会员名称"), Column("会员等级", "center"), Column("入会日期", "date"),
            Column("联系电话", "center"), Column("应缴会费", "fen"), Column("已缴会费", "fen")]
    data = [[i, f"陕西秦川智能装备制造有限公司第{i}分公司", "理事单位", date(2020, 1 + i % 12, 1 + i % 28),
             "139****%04d" % (i % 10000), 500000, 250000 * (i % 3)] for i in range(1, rows + 1)]
    t1 = time.perf_counter()
    story = kit.PdfStory()
    story.title("会员名册", left="编制单位：某某行业协会", right="单位：元")
    story.table(cols, data, totals=[["", "合计", "", "", "", sum(r[5] for r in data), sum(r[6] for r in data)]])
    with tempfile.TemporaryDirectory() as tmp:
        pages = kit.build_pdf(Path(tmp) / "roll.pdf", story, title="会员名册", association="某某行业协会")
        size = (Path(tmp) / "roll.pdf").stat().st_size
    total = time.perf_counter() - t1
    print(f"fonts registered: {t_fonts:.2f} s")
    print(f"{rows} rows → {pages} pages, {size / 1024:.0f} KiB in {total:.2f} s "
          f"({pages / total:.1f} pages/s); target ≤ {TARGET_S:.0f} s for 5000 rows: "
          f"{'OK' if rows != 5000 or total <= TARGET_S else 'SLOW'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
