"""Bulk writing of vouchers (imports): plain DB-API ``executemany`` in batches, no ORM objects.

The caller has validated everything first (set lookups) and holds the one transaction; this
module only writes rows and the summary tables, fast enough for a million postings. Works on
SQLite (qmark parameters, dates as ISO text like SQLAlchemy stores them) and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

VOUCHER_COLS = ("id", "year", "month", "number", "date", "attachments", "state", "kind", "source", "summary", "total",
                "preparer", "reviewer", "poster", "created_at", "reviewed_at", "posted_at")
LINE_COLS = ("voucher_id", "seq", "date", "account_id", "summary", "debit", "credit", "cashflow_row")


class BulkWriter:
    """Collects voucher and line rows and writes them in batches (vouchers before lines).

    Rows are kept flat (one list of values per table), cut into multi-row INSERTs of ``CHUNK``
    rows: ~4× faster than ``executemany`` on SQLite.
    """

    CHUNK = 200  # rows per INSERT statement

    # Secondary indexes rebuilt after a big import (a sort-based build is ~3× faster than inserting
    # into them row by row); unique constraints of the tables stay in place. (name, table, columns,
    # unique)
    DEFERRABLE_INDEXES = (
        ("ix_ledger_lines_account_date", "ledger_lines", "account_id, date", False),
        ("ix_ledger_lines_voucher", "ledger_lines", "voucher_id, seq", True),
        ("ix_ledger_vouchers_date", "ledger_vouchers", "date", False),
        ("ix_ledger_vouchers_state", "ledger_vouchers", "state, year, month", False),
        ("ix_ledger_vouchers_source", "ledger_vouchers", "source, source_ref", False),
    )

    DEFER_MIN = 100_000  # lines

    def __init__(self, session: Session, batch: int = 20000, *, expected_lines: int = 0):
        self.session = session
        conn = session.connection()
        self.dialect = conn.dialect.name
        dbapi = conn.connection.driver_connection
        assert dbapi is not None  # the DB-API connection of a live pooled connection
        self.dbapi = dbapi
        self.batch = batch
        self._v: list = []
        self._l: list = []
        self._vn = self._ln = 0
        self._mark = "?" if self.dialect == "sqlite" else "%s"
        self._sql: dict[tuple[str, int], str] = {}
        self.voucher_count = 0
        self.line_count = 0
        self.deferred = False
        if expected_lines >= self.DEFER_MIN:
            existing = int(session.execute(text("SELECT COUNT(*) FROM ledger_lines")).scalar() or 0)
            if existing <= expected_lines:  # the import is most of the book: rebuild instead
                for name, _table, _cols, _unique in self.DEFERRABLE_INDEXES:
                    session.execute(text(f"DROP INDEX {name}"))
                self.deferred = True

    def d(self, day: date):
        """A date as the driver wants it (SQLite: the ISO text SQLAlchemy writes)."""
        return day.isoformat() if self.dialect == "sqlite" else day

    def dt(self, moment: datetime | None):
        if moment is None:
            return None
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if self.dialect == "sqlite" else moment

    def add_voucher(self, row: tuple) -> None:
        """A row of ``VOUCHER_COLS`` values."""
        self._v.extend(row)
        self._vn += 1

    def add_line(self, row: tuple) -> None:
        """A row of ``LINE_COLS`` values."""
        self._l.extend(row)
        self._ln += 1
        if self._ln >= self.batch:
            self.flush()

    def add_lines_flat(self, values: list, n: int) -> None:
        """``n`` line rows given as one flat list of values (the importer's fast path)."""
        self._l.extend(values)
        self._ln += n
        if self._ln >= self.batch:
            self.flush()

    def _insert_sql(self, table: str, cols: tuple[str, ...], n: int) -> str:
        key = (table, n)
        if key not in self._sql:
            one = "(" + ", ".join([self._mark] * len(cols)) + ")"
            self._sql[key] = f"INSERT INTO {table} ({', '.join(cols)}) VALUES " + ", ".join([one] * n)
        return self._sql[key]

    def _insert(self, cur, table: str, cols: tuple[str, ...], flat: list, n: int) -> None:
        w, step = len(cols), self.CHUNK
        for k in range(0, n, step):
            m = min(step, n - k)
            cur.execute(self._insert_sql(table, cols, m), flat[k * w:(k + m) * w])

    def flush(self) -> None:
        cur = self.dbapi.cursor()
        try:
            if self._vn:
                self._insert(cur, "ledger_vouchers", VOUCHER_COLS, self._v, self._vn)
                self.voucher_count += self._vn
                self._v, self._vn = [], 0
            if self._ln:
                self._insert(cur, "ledger_lines", LINE_COLS, self._l, self._ln)
                self.line_count += self._ln
                self._l, self._ln = [], 0
        finally:
            cur.close()

    def next_voucher_id(self) -> int:
        return int(self.session.execute(text("SELECT COALESCE(MAX(id), 0) FROM ledger_vouchers")).scalar_one()) + 1

    def finish(self, acc_totals: dict, cash_totals: dict, bucket: int) -> None:
        """Flush what is left, add the summary-table figures, fix PostgreSQL's id sequence."""
        from secretariat_app.core.ledger.totals import upsert

        self.flush()
        if self.deferred:
            for name, table, cols, unique in self.DEFERRABLE_INDEXES:
                kind = "UNIQUE INDEX" if unique else "INDEX"
                self.session.execute(text(f"CREATE {kind} {name} ON {table} ({cols})"))
            self.deferred = False
        upsert(self.session,
               [dict(a=a, y=y, m=m, b=bucket, d=v[0], c=v[1]) for (a, y, m), v in acc_totals.items()],
               [dict(y=y, m=m, r=r, b=bucket & 1, d=v[0], c=v[1]) for (y, m, r), v in cash_totals.items()])
        if self.dialect == "postgresql":
            self.session.execute(text("SELECT setval(pg_get_serial_sequence('ledger_vouchers', 'id'), "
                                      "(SELECT COALESCE(MAX(id), 1) FROM ledger_vouchers))"))
