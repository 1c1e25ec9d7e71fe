"""Reading a roll spreadsheet (.xlsx or .csv) into header + rows, with clear refusals.

CSV: UTF-8 with or without BOM, or GB18030 as Excel on Chinese Windows saves it. A file that is
not what its name says (a Word file renamed .xlsx, random bytes, an empty file) is refused with
a message naming the file, never a traceback.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

MAX_ROWS = 500_000


@dataclass
class Sheet:
    """A file's header (row 1) and data rows as ``(spreadsheet row number, cells)``."""

    path: Path
    headers: list[str]
    rows: list[tuple[int, list]]


def read_sheet(path: str | Path) -> Sheet:
    path = Path(path)
    if not path.exists():
        raise DomainError(_("There is no file {name}.").format(name=path))
    if path.is_dir():
        raise DomainError(_("{name} is a folder, not a file.").format(name=path))
    if path.stat().st_size == 0:
        raise DomainError(_("The file {name} is empty.").format(name=path.name))
    ext = path.suffix.lower()
    if ext in (".xlsx", ".xlsm"):
        rows = _read_xlsx(path)
    elif ext in (".csv", ".txt"):
        rows = _read_csv(path)
    elif ext == ".xls":
        raise DomainError(_("{name} is in the old Excel format (.xls); open it in Excel and save it as .xlsx.")
                          .format(name=path.name))
    else:
        raise DomainError(_("{name}: only .xlsx and .csv files can be imported.").format(name=path.name))
    numbered = [(i, r) for i, r in enumerate(rows, start=1)]
    while numbered and _blank(numbered[-1][1]):
        numbered.pop()
    if not numbered or _blank(numbered[0][1]):
        raise DomainError(_("The file {name} has no header row (row 1 must name the columns).").format(name=path.name))
    headers = [str(c).strip() if c is not None else "" for c in numbered[0][1]]
    data = [(i, list(r)) for i, r in numbered[1:] if not _blank(r)]
    return Sheet(path, headers, data)


def _blank(row) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _read_xlsx(path: Path) -> list[list]:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise DomainError(_("{name} is not an Excel workbook (.xlsx); is it another kind of file renamed?")
                          .format(name=path.name))
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError):
        names = set()
    if "xl/workbook.xml" not in names:
        hint = _(" (it looks like a Word document)") if "word/document.xml" in names else ""
        raise DomainError(_("{name} is not an Excel workbook (.xlsx){hint}.").format(name=path.name, hint=hint))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file  # noqa: BLE001
        raise DomainError(_("{name} is damaged or not an Excel workbook.").format(name=path.name)) from None
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        if ws is None:
            raise DomainError(_("The workbook {name} has no sheet.").format(name=path.name))
        rows = []
        for r in ws.iter_rows(min_row=1, min_col=1, values_only=True):
            rows.append([_cell(v) for v in r])
            if len(rows) > MAX_ROWS:
                raise DomainError(_("{name} has more than {n} rows.").format(name=path.name, n=MAX_ROWS))
        return rows
    except DomainError:
        raise
    except Exception:  # a damaged sheet fails only while its rows are read (read-only mode)  # noqa: BLE001
        raise DomainError(_("{name} is damaged or not an Excel workbook.").format(name=path.name)) from None
    finally:
        wb.close()


def _cell(v):
    if isinstance(v, datetime):
        return v.date() if v.time() == time(0) else v
    return v


def decode_csv(data: bytes, name: str = "") -> str:
    """UTF-8 (BOM or not), else GB18030; refuse binary files."""
    if b"\x00" in data[:4096]:
        raise DomainError(_("{name} is not a text (CSV) file.").format(name=name))
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("{name}: the text is neither UTF-8 nor GB18030.").format(name=name))


def _read_csv(path: Path) -> list[list]:
    text = decode_csv(path.read_bytes(), path.name)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise DomainError(_("{name} is not a valid CSV file: {reason}").format(name=path.name, reason=exc)) from None


def cell_text(v) -> str:
    """A cell as text: integers without '.0', dates ISO, None empty."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v).strip()
