"""Benchmark of meetings (issue 6): a general assembly of a large association.

Targets for 2,000 members (a large association's general assembly):
- "All present" (quick attendance) ≤ 1.0 s; marking 200 exceptions at once ≤ 0.5 s;
- attendance figures (应到/实到/quorum) ≤ 0.1 s; the meetings list of the year ≤ 0.3 s;
- the meeting editor's state (all tabs) ≤ 0.5 s;
- sign-in sheet PDF (2,000 names) ≤ 6 s; minutes PDF ≤ 2 s.

    .venv/bin/python bench/bench_meetings.py [--n 2000]

The roll is built in bulk by ``bench_members.build_big_book`` (bench/out/meetings-<n>.sqlite).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

TARGETS = {"all present": 1.0, "200 exceptions": 0.5, "figures": 0.1, "list of the year": 0.3,
           "editor state": 0.5, "sign-in sheet PDF": 6.0, "minutes PDF": 2.0}


def timed(results: dict, name: str, fn, *args, **kwargs):
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    results[name] = time.perf_counter() - t0
    return value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()

    from bench_members import build_big_book

    from secretariat_app.core.meetings import attendance, queries, service, votes
    from secretariat_app.core.meetings.body import body_member_ids, figures
    from secretariat_app.gui.pages.meetings.ops import editor_state
    from secretariat_app.pdf.meetings import minutes_pdf_bytes, signin_pdf_bytes

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / f"meetings-{args.n}.sqlite"
    t0 = time.perf_counter()
    book = build_big_book(path, args.n)
    print(f"roll of {args.n} members built in {time.perf_counter() - t0:.1f} s")
    results: dict[str, float] = {}
    with book.session() as s:
        m = service.create_meeting(s, kind="general_assembly", title="会员大会", date=date.today(),
                                   agenda=["工作报告", "财务报告"])
        timed(results, "all present", attendance.mark_all_present, s, m.id)
        ids = body_member_ids(s, m)
        entries = [dict(member_id=i, status="absent") for i in ids[-200:]]
        timed(results, "200 exceptions", attendance.set_attendance_many, s, m.id, entries)
        fig = timed(results, "figures", figures, s, m)
        timed(results, "list of the year", queries.list_meetings, s, date.today().year)
        r = votes.add_resolution(s, m.id, title="通过工作报告", agenda_item_id=m.agenda[0].id)
        votes.record_vote(s, r.id, votes_for=fig.counted - 10, votes_against=10)
        s.commit()
        timed(results, "editor state", editor_state, s, m.id)
        signin = timed(results, "sign-in sheet PDF", signin_pdf_bytes, s, m.id)
        timed(results, "minutes PDF", minutes_pdf_bytes, s, m.id)
    book.close()
    print(f"expected {fig.expected}, attended {fig.counted}; sign-in sheet {len(signin) // 1024} KB")
    ok = True
    for name, seconds in results.items():
        target = TARGETS[name]
        flag = "ok" if seconds <= target else "SLOW"
        ok &= seconds <= target
        print(f"{name:>20}: {seconds:7.3f} s  (target ≤ {target} s)  {flag}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
