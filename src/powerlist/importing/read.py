"""Reading a list as departments keep it: a spreadsheet (XLSX, XLS, ODS via
python-calamine), a CSV saved from one (UTF-8 with or without BOM, or
GB18030, which includes GBK), or a portal's JSON / JSONL export.

Every reader returns a `Table`: the cells as text, and how to name a cell in
a diagnostic (`Sheet1!C17` for a sheet, `17:3` line and column for CSV and
JSON), so that staff can find it in the file they know.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
SUFFIXES = SHEET_SUFFIXES + (".csv", ".json", ".jsonl")
MAX_CELLS = 5_000_000  # a list of 10,000 rows by 40 columns is 400,000


class ReadError(Exception):
    """The file cannot be read as a table: which message of rule PL601, with
    its fields."""

    def __init__(self, variant: str, **fields) -> None:
        super().__init__(variant)
        self.variant, self.fields = variant, fields


@dataclass
class Table:
    file: str  # as shown to staff
    rows: list[list[str]]
    sheet: str | None = None  # a workbook's sheet
    lines: list[int] | None = None  # CSV/JSON: the line each row starts on
    encoding: str | None = None  # CSV: the encoding detected
    filled: list[tuple[int, int, int, int]] = field(default_factory=list)  # merged ranges filled in
    other_sheets: list[str] = field(default_factory=list)  # a workbook's other sheets that hold something

    def cell(self, row: int, col: int) -> str:
        """Where a cell is (0-based in, as staff count out)."""
        if self.sheet is not None:
            return f"{self.sheet}!{column_letter(col)}{row + 1}"
        line = self.lines[row] if self.lines else row + 1
        return f"{line}:{col + 1}"


def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def read_table(path: Path, shown: str, sheet: str | None = None) -> Table:
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES:
        return _read_sheet(path, shown, sheet)
    if sheet is not None:
        raise ReadError("sheet-only", suffixes="、".join(SHEET_SUFFIXES))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError("", reason=exc.strerror or str(exc)) from None
    if suffix == ".csv":
        return _read_csv(raw, shown)
    if suffix in (".json", ".jsonl"):
        return _read_json(_decode(raw)[0], shown, jsonl=suffix == ".jsonl")
    raise ReadError("suffix", suffix=path.suffix, suffixes="、".join(SUFFIXES))


def _text(value) -> str:
    """A cell as text; codes stay as written (a whole number stored as a
    float in the sheet loses no digit and gains no “.0”)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _read_sheet(path: Path, shown: str, sheet: str | None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        if sheet is None:
            visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible")] or names
            if not visible:
                raise ReadError("no-sheet")
            sheet = visible[0]
        elif sheet not in names:
            raise ReadError("sheet", sheet=sheet, names="、".join(names))
        ws = book.get_sheet_by_name(sheet)
        values = ws.to_python(skip_empty_area=False)
        merged = ws.merged_cell_ranges or []
    except ReadError:
        raise
    except (CalamineError, OSError, ValueError) as exc:
        raise ReadError("sheet-error", reason=str(exc)) from None
    if sum(len(r) for r in values) > MAX_CELLS:
        raise ReadError("too-large", max=MAX_CELLS)
    width = max((len(r) for r in values), default=0)
    rows = [[_text(v) for v in r] + [""] * (width - len(r)) for r in values]
    table = Table(shown, rows, sheet=sheet, other_sheets=_others(book, names, sheet))
    # A merged cell holds its value in its first cell only: every row of it gets the value.
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows) or c0 >= width:
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                if not rows[r][c]:
                    rows[r][c] = value
        if r1 > r0:
            table.filled.append((r0, c0, r1, c1))
    return table


def _others(book, names: list[str], used: str) -> list[str]:
    from python_calamine import CalamineError

    out = []
    for name in names:
        if name == used:
            continue
        try:
            ws = book.get_sheet_by_name(name)
            if ws.height > 1 or any(str(v).strip() for row in ws.to_python(nrows=2) for v in row):
                out.append(name)
        except (CalamineError, OSError, ValueError):  # unreadable: named anyway
            out.append(name)
    return out


def _decode(raw: bytes) -> tuple[str, str]:
    """UTF-8 (a BOM dropped), else GB18030 (a superset of GBK and GB2312)."""
    for encoding, name in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):  # names as staff know them
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if name == "UTF-8" and raw.startswith(b"\xef\xbb\xbf"):
            name = "UTF-8 BOM"
        return text, name
    raise ReadError("encoding")


def _read_csv(raw: bytes, shown: str) -> Table:
    text, encoding = _decode(raw)
    if "\x00" in text:
        raise ReadError("nul")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
            if len(rows) * max(len(row), 1) > MAX_CELLS:
                raise ReadError("too-large", max=MAX_CELLS)
    except csv.Error as exc:
        raise ReadError("csv", line=reader.line_num, reason=str(exc)) from None
    width = max((len(r) for r in rows), default=0)
    rows = [[_unguard(c) for c in r] + [""] * (width - len(r)) for r in rows]
    return Table(shown, rows, lines=lines, encoding=encoding)


def _unguard(cell: str) -> str:
    """A cell that `export` marked as text so that a spreadsheet would not
    run it as a formula ('=…): the mark removed."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def _read_json(text: str, shown: str, jsonl: bool) -> Table:
    """Objects as rows: the header is every key in the order first seen;
    nested values (a portal's lists) are written out as JSON text."""
    records: list[tuple[int, object]] = []
    decoder = json.JSONDecoder()
    try:
        if jsonl:
            for no, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    records.append((no, json.loads(line)))
        else:
            i = _skip(text, 0)
            if i >= len(text) or text[i] != "[":
                data = json.loads(text)  # one object, or a portal's {"data": [...]} wrapper
                found = _find_records(data)
                if found is None:
                    raise ReadError("json-shape")
                records = [(1, r) for r in found]
            else:
                i = _skip(text, i + 1)
                while i < len(text) and text[i] != "]":
                    obj, end = decoder.raw_decode(text, i)
                    records.append((text.count("\n", 0, i) + 1, obj))
                    i = _skip(text, end)
                    if i < len(text) and text[i] == ",":
                        i = _skip(text, i + 1)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", "?")
        raise ReadError("json", line=line, reason=str(getattr(exc, "msg", exc))) from None
    keys: dict[str, None] = {}
    for no, obj in records:
        if not isinstance(obj, dict):
            raise ReadError("json-row", line=no)
        keys.update(dict.fromkeys(str(k) for k in obj))
    header = list(keys)
    rows = [header] + [[_json_text(obj.get(k)) for k in header] for _, obj in records]  # type: ignore[union-attr]
    if sum(len(r) for r in rows) > MAX_CELLS:
        raise ReadError("too-large", max=MAX_CELLS)
    return Table(shown, rows, lines=[records[0][0] if records else 1] + [no for no, _ in records])


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _find_records(data) -> list | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for value in data.values():  # {"data": [...]} or {"result": {"list": [...]}}
            found = _find_records(value) if isinstance(value, (list, dict)) else None
            if found and all(isinstance(x, dict) for x in found):
                return found
    return None


def _json_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
