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
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

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
    other_sheets: list[str] = field(default_factory=list)  # a workbook's other sheets
    keys: list[str] | None = None  # a JSON array's keys: its cells are named [record].key

    @property
    def named_cells(self) -> bool:
        """Cells are named (Sheet1!C17, [16].事项名称) rather than placed at a line and column."""
        return self.sheet is not None or self.keys is not None

    def cell(self, row: int, col: int) -> str:
        """Where a cell is (0-based in, as staff count out)."""
        if self.sheet is not None:
            return f"{self.sheet}!{column_letter(col)}{row + 1}"
        if self.keys is not None:
            return f"[{row - 1}].{self.keys[col]}" if row else self.keys[col]
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


def read_table(path: Path, shown: str, sheet: str | None = None,
               meanwhile: Callable[[], bool] | None = None) -> Table | None:
    """The file's cells. `meanwhile` is the caller's own work, done while a
    spreadsheet is read in its own process (before reading anything else);
    when it returns False the table is not wanted any more: None."""
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES:
        return _read_sheet(path, shown, sheet, meanwhile)
    if meanwhile is not None and not meanwhile():
        return None
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


SHEET_MEMORY = 2 * 2**30  # bytes a sheet may take to read: far above a real list, far below the machine
SHEET_SECONDS = 600


def _read_sheet(path: Path, shown: str, sheet: str | None, meanwhile: Callable[[], bool] | None) -> Table | None:
    """The sheet is read in a child process with a memory and a time limit:
    a few kilobytes of XLSX can declare a range of 17 billion cells, or
    inflate without end, and the reader would take the whole machine."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_sheet_child, args=(str(path), sheet, send), daemon=True)
    child.start()
    send.close()
    result = None
    try:
        if meanwhile is not None and not meanwhile():
            return None
        if receive.poll(SHEET_SECONDS):
            result = receive.recv()
    except (EOFError, OSError):
        result = None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if result is None:
        raise ReadError("too-large", max=MAX_CELLS)  # killed by its limits, or it crashed
    if isinstance(result, tuple) and result and result[0] == "error":
        raise ReadError(result[1], **result[2])
    sheet, rows, merged, others = result
    width = max((len(r) for r in rows), default=0)
    table = Table(shown, rows, sheet=sheet, other_sheets=others)
    # A merged cell holds its value in its first cell only: every row of a merged range gets the value.
    # A range within one row (a section title across the columns) is left alone: it is a title.
    for (r0, c0), (r1, c1) in merged:
        if r1 <= r0 or r0 >= len(rows) or c0 >= width:
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                if not rows[r][c]:
                    rows[r][c] = value
        table.filled.append((r0, c0, r1, c1))
    return table


def _sheet_child(path: str, sheet: str | None, send) -> None:
    import resource

    import faulthandler

    faulthandler.disable()  # a test runner's handler writes to its own copy of stderr
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)  # a reader that runs out of memory aborts with a Rust backtrace: the parent says it in Chinese
    try:
        resource.setrlimit(resource.RLIMIT_AS, (SHEET_MEMORY, SHEET_MEMORY))
    except (ValueError, OSError):
        pass
    try:
        send.send(_load_sheet(path, sheet))
    except ReadError as exc:
        send.send(("error", exc.variant, exc.fields))
    except MemoryError:
        send.send(("error", "too-large", {"max": MAX_CELLS}))
    finally:
        send.close()


def _load_sheet(path: str, sheet: str | None):
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(path)
        names = list(book.sheet_names)
        if sheet is None:
            visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible")] or names
            if not visible:
                raise ReadError("no-sheet")
            sheet = visible[0]
        elif sheet not in names:
            raise ReadError("sheet", sheet=sheet, names="、".join(names))
        ws = book.get_sheet_by_name(sheet)
        if ws.total_height * ws.total_width > MAX_CELLS:
            raise ReadError("too-large", max=MAX_CELLS)
        values = ws.to_python(skip_empty_area=False)
        merged = list(ws.merged_cell_ranges or [])
    except ReadError:
        raise
    except (CalamineError, OSError, ValueError, TypeError) as exc:
        raise ReadError("sheet-error", reason=str(exc)) from None
    width = max((len(r) for r in values), default=0)
    # Equal texts as one object: a list repeats its types, levels, units and legal text, and each repeat
    # then crosses the pipe as a reference, and takes no memory of its own in the parent.
    same: dict[str, str] = {}
    rows = [[same.setdefault(t, t) for t in (v if type(v) is str else _text(v) for v in r)] + [""] * (width - len(r))
            for r in values]
    return sheet, rows, merged, [n for n in names if n != sheet]


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
    width = 0
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
            width = max(width, len(row))
            if len(rows) * max(width, 1) > MAX_CELLS:
                raise ReadError("too-large", max=MAX_CELLS)
    except csv.Error as exc:
        raise ReadError("csv", line=reader.line_num, reason=str(exc)) from None
    rows = [[_unguard(c) for c in r] + [""] * (width - len(r)) for r in rows]
    return Table(shown, rows, lines=lines, encoding=encoding)


def _unguard(cell: str) -> str:
    """A cell that `export` marked as text so that a spreadsheet would not
    run it as a formula ('=…): the mark removed."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def _read_json(text: str, shown: str, jsonl: bool) -> Table:
    """Objects as rows: the header is every key in the order first seen;
    nested values (a portal's lists) are written out as JSON text. A JSONL
    row is named by its line, a JSON record by its place ([16].事项名称)."""
    records: list[tuple[int, object]] = []
    try:
        if jsonl:
            for no, line in enumerate(text.split("\n"), 1):  # only \n ends a JSONL line
                if line.strip():
                    records.append((no, json.loads(line, object_pairs_hook=_no_duplicates)))
        else:
            data = json.loads(text, object_pairs_hook=_no_duplicates)
            found = _find_records(data)
            if found is None:
                raise ReadError("json-shape")
            records = [(i + 1, r) for i, r in enumerate(found)]
    except json.JSONDecodeError as exc:
        raise ReadError("json", line=exc.lineno, reason=exc.msg) from None
    except (ValueError, RecursionError) as exc:  # a number of 5,000 digits, nesting 100,000 deep
        raise ReadError("json", line="?", reason=type(exc).__name__) from None
    keys: dict[str, None] = {}
    for no, obj in records:
        if not isinstance(obj, dict):
            raise ReadError("json-row", line=no)
        keys.update(dict.fromkeys(str(k) for k in obj))
        if len(keys) * len(records) > MAX_CELLS:
            raise ReadError("too-large", max=MAX_CELLS)
    header = list(keys)
    rows = [header] + [[_json_text(obj.get(k)) for k in header] for _, obj in records]  # type: ignore[union-attr]
    for (no, _), row in zip(records, rows[1:]):
        if any(_SURROGATE.search(c) for c in row):
            raise ReadError("surrogate", line=no)
    return Table(shown, rows, lines=[0] + [no for no, _ in records], keys=None if jsonl else header)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_duplicates(pairs: list) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise ReadError("json-duplicate", key=k)
        out[k] = v
    return out


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
