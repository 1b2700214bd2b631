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
import errno
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..core.archive import MAX_PARTS, ReadError, inflate, open_zip, read_part

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
SUFFIXES = SHEET_SUFFIXES + (".csv", ".json", ".jsonl")
# Bounds on what a file may make the import do, each far above a real list (10,000 rows by 40 columns
# is 400,000 cells; its XLSX is 0.6 MB, 6.5 MB unzipped; its CSV 4.5 MB) and each said when it trips.
MAX_CELLS = 1_000_000  # cells a sheet may hold, and the rows × columns it may span (25,000 rows × 40 columns)
MAX_INPUT_BYTES = 32 * 2**20  # the file as it is on disk
MAX_UNZIPPED = 100 * 2**20  # an XLSX or ODS (a ZIP archive) once inflated, all its parts together
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # what a sheet can have at all (Excel's limits)
MAX_TAG = 64 * 1024  # one XML tag: a real one is under a kilobyte
MAX_MERGES = MAX_CELLS // 4  # merged ranges in a sheet: each covers two cells at least


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
    when it returns False the table is not wanted any more: None.

    The file must be a regular file (or a link to one) of at most
    MAX_INPUT_BYTES: a pipe, device or socket is refused before it is
    opened, and nothing is read past the bound."""
    suffix = path.suffix.lower()
    try:
        if suffix not in SUFFIXES:
            raise ReadError("suffix", suffix=path.suffix, suffixes="、".join(SUFFIXES))
        if sheet is not None and suffix not in SHEET_SUFFIXES:
            raise ReadError("sheet-only", suffixes="、".join(SHEET_SUFFIXES))
        held = [read_input(path)]  # handed on, and let go of here: text decoded from it need not share memory with it
    except ReadError:
        if meanwhile is not None:
            meanwhile()  # the caller's work is done whatever the file is: it may have its own errors to say
        raise
    if suffix in SHEET_SUFFIXES:
        return _read_sheet(held.pop(), suffix, shown, sheet, meanwhile)
    if meanwhile is not None and not meanwhile():
        return None
    if suffix == ".csv":
        return _read_csv(held, shown)
    return _read_json(_decode(held.pop())[0], shown, jsonl=suffix == ".jsonl")


_KIND_NAMES = {"dir": "文件夹", "fifo": "命名管道", "socket": "套接字", "device": "设备文件", "special": "特殊文件"}


def read_input(path: Path) -> bytes:
    """The bytes of the file to import, bounded; ReadError (in Chinese) for
    anything that is not a regular file, too large, or unreadable."""
    from ..core.safefile import NotRegular, read_bounded

    try:
        return read_bounded(path, MAX_INPUT_BYTES, follow_links=True)
    except NotRegular as exc:
        if exc.kind == "large":
            raise ReadError("input-large", size=megabytes(exc.size), limit=megabytes(MAX_INPUT_BYTES)) from None
        raise ReadError("not-regular", what=_KIND_NAMES.get(exc.kind, "特殊文件")) from None
    except OSError as exc:
        raise ReadError("", reason=os_reason(exc)) from None


def os_reason(exc: OSError) -> str:
    """Why a file could not be opened or read, in Chinese (never the system's English text)."""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "文件不存在"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取权限"
    if exc.errno == errno.EISDIR:
        return "这是文件夹，不是文件"
    if exc.errno == errno.ELOOP:
        return "符号链接层数过多或循环链接"
    return f"读取时出错（系统错误码 {exc.errno}）" if exc.errno else "读取时出错"


def megabytes(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.1f} KB"


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


SHEET_MEMORY = 256 * 2**20  # address space the reading process may add: a bound of last resort, below the scan's
SHEET_SECONDS = 60


def _read_sheet(raw: bytes, suffix: str, shown: str, sheet: str | None,
                meanwhile: Callable[[], bool] | None) -> Table | None:
    """The sheet is read in a child process with a memory and a time limit;
    before python-calamine sees an XLSX or ODS, its parts are inflated as a
    stream and measured (`scan_zip`), so that a few kilobytes declaring
    billions of cells, or inflating without end, are refused before memory
    grows."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_sheet_child, args=(raw, suffix, sheet, send), daemon=True)
    child.start()
    send.close()
    result = None
    timed_out = False
    try:
        if meanwhile is not None and not meanwhile():
            return None
        if receive.poll(SHEET_SECONDS):
            result = receive.recv()
        else:
            timed_out = True
    except (EOFError, OSError):
        result = None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if result is None:  # killed by its limits, or it crashed
        if timed_out:
            raise ReadError("timeout", seconds=SHEET_SECONDS)
        raise ReadError("memory", limit=megabytes(SHEET_MEMORY))
    if isinstance(result, tuple) and result and result[0] == "error":
        raise ReadError(result[1], **result[2])
    sheet, rows, merged, others = result
    table = Table(shown, rows, sheet=sheet, other_sheets=others)
    table.filled = fill_merged(rows, merged)
    return table


def fill_merged(rows: list[list[str]], merged) -> list[tuple[int, int, int, int]]:
    """A merged cell holds its value in its first cell only: every row of a
    merged range gets the value. A range within one row (a section title
    across the columns) is left alone: it is a title. The ranges filled.

    Each cell is visited once at most, whatever the ranges: merged ranges
    cannot overlap (Excel refuses to open such a file), and the first
    overlap found is refused, naming both ranges, before any more work."""
    from array import array

    width = max((len(r) for r in rows), default=0)
    height = len(rows)
    owner = None  # cell (row × width + column) → 1 + the range that filled it; 4 bytes a cell, made when needed
    filled: list[tuple[int, int, int, int]] = []
    for i, ((r0, c0), (r1, c1)) in enumerate(merged):
        if r1 <= r0 or r0 >= height or c0 >= width:
            continue
        if owner is None:
            owner = array("i", [0]) * (height * width)
        value = rows[r0][c0]
        for r in range(r0, min(r1, height - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, width - 1) + 1):
                other = owner[r * width + c] - 1
                if other == -1:
                    owner[r * width + c] = i + 1
                elif other != i:
                    (a0, b0), (a1, b1) = merged[other]
                    raise ReadError("merged-overlap", first=f"{column_letter(b0)}{a0 + 1}:{column_letter(b1)}{a1 + 1}",
                                    second=f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}",
                                    cell=f"{column_letter(c)}{r + 1}")
                if not row[c]:
                    row[c] = value
        filled.append((r0, c0, r1, c1))
    return filled


def _sheet_child(raw: bytes, suffix: str, sheet: str | None, send) -> None:
    import resource

    import faulthandler

    faulthandler.disable()  # a test runner's handler writes to its own copy of stderr
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)  # a reader that runs out of memory aborts with a Rust backtrace: the parent says it in Chinese
    try:
        with open("/proc/self/statm", "rb") as f:
            used = int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        used = 0
    try:
        if used:  # where the system says how much is in use (Linux)
            resource.setrlimit(resource.RLIMIT_AS, (used + SHEET_MEMORY, used + SHEET_MEMORY))
    except (ValueError, OSError):
        pass
    try:
        scan_zip(raw, ods=suffix == ".ods")  # whatever its name says: python-calamine tries every format
        send.send(_load_sheet(raw, sheet))
    except ReadError as exc:
        send.send(("error", exc.variant, exc.fields))
    except MemoryError:
        send.send(("error", "memory", {"limit": megabytes(SHEET_MEMORY)}))
    finally:
        send.close()


def _load_sheet(raw: bytes, sheet: str | None):
    import python_calamine as pc

    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(raw))
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
            raise ReadError("area", where=sheet_shown(sheet), rows=ws.total_height, cols=ws.total_width, max=MAX_CELLS)
        values = ws.to_python(skip_empty_area=False)
        merged = list(ws.merged_cell_ranges or [])
    except ReadError:
        raise
    except pc.PasswordError:
        raise ReadError("sheet-error", reason="工作簿设有打开密码；请在表格软件中去掉密码后另存，再导入") from None
    except pc.ZipError:
        raise ReadError("sheet-error", reason="不是有效的压缩包（.xlsx 和 .ods 文件是压缩包），文件已损坏或扩展名不对") from None
    except pc.XmlError:
        raise ReadError("sheet-error", reason="文件中的 XML 内容有误，文件已损坏；请用表格软件打开后另存") from None
    except (pc.CalamineError, OSError, ValueError, TypeError, OverflowError):
        raise ReadError("sheet-error", reason="文件已损坏，或内容不是扩展名所说的格式；请用表格软件打开后另存") from None
    width = max((len(r) for r in values), default=0)
    # Equal texts as one object: a list repeats its types, levels, units and legal text, and each repeat
    # then crosses the pipe as a reference, and takes no memory of its own in the parent.
    same: dict[str, str] = {}
    rows = [[same.setdefault(t, t) for t in (v if type(v) is str else _text(v) for v in r)] + [""] * (width - len(r))
            for r in values]
    return sheet, rows, merged, [n for n in names if n != sheet]


# --- measuring an archive before it is read ------------------------------------------

_REF = re.compile(rb' r="([A-Za-z]{1,20})([0-9]{1,20})"')  # a cell's position, as every writer puts it
# … and as XML allows it too: any white space around "=", single quotes. Looked for only in a chunk that
# holds one of these (a cell whose position the fast search missed would be placed where it says)
_REF_ANY = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,20})([0-9]{1,20})["']""")
_ODD_REF = (b"\tr=", b"\nr=", b"\rr=", b"r='", b"r =", b"r\t=", b"r\n=", b"r\r=", b"r= ", b"r=\t", b"r=\n", b"r=\r")
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _cells_in(chunk: bytes) -> int:
    """`<c …>` elements, with or without a namespace prefix."""
    n = chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>")
    if b":c" in chunk:
        n += chunk.count(b":c ") + chunk.count(b":c>") + chunk.count(b":c/>")
    return n


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


class _SheetXML:
    """Cells of an XLSX part, counted as it streams by: how many `<c>`
    elements, and the rows × columns they span (from their `r="C17"`
    positions; a cell without one is placed after the one before it)."""

    def __init__(self) -> None:
        self.cells = self.rows = self.max_row = self.max_col = self.widest = self.merges = self.strings = 0
        self.sheets = 0
        self.where = "工作表"
        self.run = 0  # cells without a position in the row being read

    def feed(self, chunk: bytes) -> None:
        if b"<" not in chunk:  # text alone (a long value): no cell in it
            return
        n = _cells_in(chunk)
        self.cells += n
        if self.cells > MAX_CELLS:
            raise ReadError("too-large", where=self.where, max=MAX_CELLS)
        if b"si" in chunk:  # shared strings (<si>): each one kept whole by python-calamine, and as many as cells at most
            self.strings += chunk.count(b"<si>") + chunk.count(b"<si ")
            if b":si" in chunk:
                self.strings += chunk.count(b":si>") + chunk.count(b":si ")
            if self.strings > MAX_CELLS:
                raise ReadError("strings", max=MAX_CELLS)
        if b"<sheet" in chunk or b":sheet" in chunk:  # a workbook's sheets: each read into a list of its own
            self.sheets += chunk.count(b"<sheet ") + chunk.count(b":sheet ")
            if self.sheets > MAX_PARTS:
                raise ReadError("sheets", max=MAX_PARTS)
        if b"mergeCell" in chunk:  # each merged range becomes objects of its own when read
            self.merges += chunk.count(b"mergeCell") - chunk.count(b"mergeCells")
            if self.merges > MAX_MERGES:
                raise ReadError("merged-many", where=self.where, max=MAX_MERGES)
        self.rows += chunk.count(b"<row") + (chunk.count(b":row") if b":row" in chunk else 0)  # at least as many
        ref = _REF_ANY if any(odd in chunk for odd in _ODD_REF) else _REF
        refs = ref.findall(chunk)
        if refs:
            letters = {c.upper() for c, _ in refs}
            longest = max(map(len, letters))
            self.max_col = max(self.max_col, _column_number(max(c for c in letters if len(c) == longest)))
            self.max_row = max(self.max_row, max(map(int, {r for _, r in refs})))
        if n > len(refs):  # cells without a position: each row's counted
            if self.rows > MAX_ROWS:
                raise ReadError("area", where=self.where, rows=self.rows, cols=self.max_col + max(self.widest, 1),
                                max=MAX_CELLS)
            for i, part in enumerate(_ROW_START.split(chunk)):
                if i:
                    self.run = 0
                self.run += max(0, _cells_in(part) - len(ref.findall(part)))
                self.widest = max(self.widest, self.run)
        rows = self.max_row + (self.rows if self.widest else 0)
        cols = self.max_col + self.widest
        if rows * cols > MAX_CELLS:
            raise ReadError("area", where=self.where, rows=rows, cols=cols, max=MAX_CELLS)


_ODS_TAG = re.compile(rb"<table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])|</table:table-row>")
_REPEAT = re.compile(rb'table:number-(?:rows|columns)-repeated="([0-9]+)"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')


class _OdsXML:
    """Cells of an ODS `content.xml` as it streams by: a cell or row may
    say it repeats a million times, and python-calamine lays out every
    repeat of one that holds a value."""

    def __init__(self) -> None:
        self.elements = 0
        self.row = self.row_repeat = self.col = self.last = self.end = self.widest = 0
        self.where = "工作表"

    def feed(self, chunk: bytes) -> None:
        pos = 0
        while (m := _ODS_TAG.search(chunk, pos)) is not None:
            self.elements += 1
            if self.elements > MAX_CELLS:
                raise ReadError("too-large", where=self.where, max=MAX_CELLS)
            name = m.group(1)
            if name is None:  # a row's end
                pos = m.end()
                self._row_end()
                continue
            end = chunk.find(b">", m.end())
            if end == -1:
                end = len(chunk)
            pos = end + 1  # tags do not nest: the next one starts after this one's end
            attrs = chunk[m.end():end]
            empty = attrs.endswith(b"/")
            rep = _REPEAT.search(attrs) if b"repeated" in attrs else None
            times = int(rep.group(1)) if rep else 1
            if name == b"table":
                self.row = self.end = self.widest = 0
                named = _ODS_NAME.search(attrs)
                self.where = sheet_shown(_xml_text(named.group(1))) if named else "工作表"
            elif name == b"table-row":
                self.row_repeat, self.col, self.last = times, 0, 0
                if empty:
                    self._row_end()
            else:
                self.col += times
                if not empty or b"value-type" in attrs:
                    self.last = self.col

    def _row_end(self) -> None:
        self.row += self.row_repeat
        if self.last:
            self.end, self.widest = self.row, max(self.widest, self.last)
            if self.end * self.widest > MAX_CELLS:
                raise ReadError("area", where=self.where, rows=self.end, cols=self.widest, max=MAX_CELLS)
        self.row_repeat, self.col, self.last = 1, 0, 0


def scan_zip(raw: bytes, ods: bool = False, limit: int = MAX_UNZIPPED) -> list[str] | None:
    """Every part of an XLSX or ODS inflated as a stream and measured, never
    trusting the sizes it declares (but refused at once when they are
    already too large): ReadError when it holds more than
    MAX_PARTS parts, inflates past `limit` bytes in all, or a sheet holds or
    spans more than MAX_CELLS cells. The names of the parts; None when the
    bytes are no ZIP archive at all (an XLS, or no spreadsheet)."""
    import zipfile
    import zlib

    total = 0
    try:
        z = open_zip(raw)
    except zipfile.BadZipFile:  # no directory found: nothing a ZIP reader would inflate either
        return None
    try:
        infos = z.infolist()
        owned = 0
        for info in infos:  # what the directory owns up to, refused before anything is inflated
            owned += info.file_size
            if owned > limit:
                raise ReadError("unzipped", limit=megabytes(limit), part=_part_name(info.filename))
        names = {} if ods else _sheet_parts(z, infos)
        for declared in infos:
            measure = _OdsXML() if ods and declared.filename == "content.xml" else _SheetXML()
            measure.where = names.get(declared.filename.lower().lstrip("/")) or f"工作簿中的 {_part_name(declared.filename)} "
            tail = b""
            for chunk in inflate(z, declared, limit):
                total += len(chunk)
                if total > limit:
                    raise ReadError("unzipped", limit=megabytes(limit), part=_part_name(declared.filename))
                chunk = tail + chunk
                cut = chunk.rfind(b"<")
                if cut != -1 and chunk.find(b">", cut) == -1:  # a tag cut in two: its start waits for the rest
                    chunk, tail = chunk[:cut], chunk[cut:]
                    if len(tail) > MAX_TAG:
                        raise ReadError("xml-tag", part=_part_name(declared.filename), max=MAX_TAG // 1024)
                else:
                    tail = b""
                measure.feed(chunk)
            if tail:
                measure.feed(tail)
        return [i.filename for i in infos]
    except ReadError:
        raise
    except RuntimeError:  # an encrypted part
        raise ReadError("sheet-error", reason="文件已加密；请在表格软件中去掉密码后另存，再导入") from None
    except NotImplementedError:
        raise ReadError("sheet-error", reason="压缩包使用了不支持的压缩方式；请用表格软件另存后再导入") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, OverflowError):
        raise ReadError("sheet-error", reason="不是有效的压缩包，或压缩包已损坏（.xlsx 和 .ods 文件是压缩包）；"
                                              "请用表格软件打开后另存") from None


_TAG_OF = {name: re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + name + rb"\b[^>]{0,4096}>") for name in (b"sheet", b"Relationship")}
_ATTR = re.compile(rb"""(?:^|\s)([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {m.group(1).split(b":")[-1]: m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTR.finditer(tag)}


def _sheet_parts(z, infos) -> dict[str, str]:
    """Each worksheet part's path (lower case) → its sheet as staff see it
    (工作表“Sheet1”), from xl/workbook.xml and its relationships, so that a
    bound tripped in a part is said of its sheet. Best effort: {} when
    they cannot be read."""
    by_name = {i.filename.lower(): i for i in infos}
    book, rels = by_name.get("xl/workbook.xml"), by_name.get("xl/_rels/workbook.xml.rels")
    if book is None or rels is None:
        return {}
    book_xml, rels_xml = read_part(z, book, MAX_TAG * 64), read_part(z, rels, MAX_TAG * 64)
    if book_xml is None or rels_xml is None:
        return {}
    targets = {}
    for m in _TAG_OF[b"Relationship"].finditer(rels_xml):
        a = _attrs(m.group()[1:])
        if b"Id" in a and b"Target" in a:
            target = _xml_text(a[b"Target"]).replace("\\", "/")
            targets[a[b"Id"]] = target.lstrip("/").lower() if target.startswith("/") else "xl/" + target.lower()
    out = {}
    for m in _TAG_OF[b"sheet"].finditer(book_xml):
        a = _attrs(m.group()[1:])
        if b"id" in a and a[b"id"] in targets and b"name" in a:
            out[targets[a[b"id"]]] = sheet_shown(_xml_text(a[b"name"]))
    return out


def _xml_text(raw: bytes) -> str:
    import html
    return html.unescape(raw.decode("utf-8", "replace"))


def sheet_shown(name: str) -> str:
    """工作表“Sheet1”, with what a terminal would act on written out."""
    return f"工作表“{_part_name(name)[:60]}”"


def _part_name(name: str) -> str:
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in name)[:100]


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


# a line as Python's own newline="" reading ends it (\r\n, \r or \n), without io.StringIO's copy of the
# whole text at four bytes a character
_CSV_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _read_csv(held: list[bytes], shown: str) -> Table:
    text, encoding = _decode(held.pop())
    if "\x00" in text:
        raise ReadError("nul")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader((m.group() for m in _CSV_LINE.finditer(text)), dialect)
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
                raise ReadError("too-large", where="表格", max=MAX_CELLS)
    except csv.Error as exc:
        reason = (f"一个单元格超过 {csv.field_size_limit()} 个字符" if "field larger" in str(exc)
                  else "引号不成对，或引号外有换行")
        raise ReadError("csv", line=reader.line_num, reason=reason) from None
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
    records: list[tuple[int, Any]] = []  # a row is a JSON object: its values are any JSON
    # what parsing will make, bounded before it is made: each value but the last of a list or object follows a
    # comma, and an object costs as much as a few values
    made = text.count(",") + 4 * text.count("{") + text.count("[")
    if made > MAX_CELLS:
        raise ReadError("json-large", max=MAX_CELLS)
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
        raise ReadError("json", line=exc.lineno, reason=_JSON_REASONS.get(exc.msg, "格式不对")) from None
    except RecursionError:  # nesting 100,000 deep
        raise ReadError("json-deep") from None
    except ValueError:  # a number of 5,000 digits
        raise ReadError("json-number") from None
    keys: dict[str, None] = {}
    for no, obj in records:
        if not isinstance(obj, dict):
            raise ReadError("json-row", line=no)
        keys.update(dict.fromkeys(str(k) for k in obj))
        if len(keys) * len(records) > MAX_CELLS:
            raise ReadError("too-large", where="表格", max=MAX_CELLS)
    header = list(keys)
    rows = [header] + [[_json_text(obj.get(k)) for k in header] for _, obj in records]
    for (no, _), row in zip(records, rows[1:]):
        if any(_SURROGATE.search(c) for c in row):
            raise ReadError("surrogate", line=no)
    return Table(shown, rows, lines=[0] + [no for no, _ in records], keys=None if jsonl else header)


_SURROGATE = re.compile("[\ud800-\udfff]")
# what the json module says (in English), as staff read it
_JSON_REASONS = {
    "Expecting value": "此处缺少值", "Extra data": "一个值结束后还有多余内容",
    "Expecting ',' delimiter": "缺少逗号", "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "键名须用双引号括起", "Unterminated string starting at":
    "字符串缺少结尾的双引号", "Invalid control character at": "字符串中有未转义的控制字符（如换行）",
    "Invalid \\escape": "无效的反斜杠转义", "Invalid \\uXXXX escape": "无效的 \\u 转义",
}


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


def first_control(data, path: str = "") -> str | None:
    """The first control character (as `check` refuses them) in the value
    at `path` ("a.b[0].c") of an item's data, or anywhere in it when the
    path leads nowhere: the character a cell brought, to be named as such."""
    from ..core.yamlbuild import CONTROL

    value = data
    for key in re.findall(r"[^.\[\]]+", path):
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            value = data
            break
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            m = CONTROL.search(v)
            if m:
                return m.group()
        elif isinstance(v, dict):
            stack += reversed(list(v.values()))
        elif isinstance(v, list):
            stack += reversed(v)
    return None


def yaml_reason(exc: BaseException) -> str:
    """Why a YAML file (an import profile) could not be read, in Chinese."""
    if isinstance(exc, UnicodeDecodeError):
        return "文件不是 UTF-8 编码"
    if isinstance(exc, RecursionError):
        return "列表或字段组嵌套过深"
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return f"第 {mark.line + 1} 行第 {mark.column + 1} 列附近有语法错误"
    return "语法错误"
