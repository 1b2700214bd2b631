"""Hostile files given to `powerlist import` and to the attachment checks:
spreadsheets built to cost far more than their size (merged ranges, a zip
that inflates to gigabytes, a hundred million cells in a few megabytes),
files that are not files (a pipe, a link to /dev/zero) and an Excel
attachment whose macros hide under another name.

The builders are used by the tests too (`tests/test_import_hostile.py`,
`tests/test_attachments.py`): each writes its file by hand, with zipfile,
where XlsxWriter cannot produce the attack.
"""

from __future__ import annotations

import os
import shutil
import zipfile
import zlib
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape

from powerlist.importing.read import column_letter

from . import Case

HEADER = ["事项编码", "事项名称", "权力类型", "实施依据", "承办机构", "责任事项", "追责情形"]

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '{extra}</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>{extra}</Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')


def sheet_rows(rows: Iterable[list[str]], start: int = 1) -> str:
    """Rows of inline-string cells as sheet XML."""
    out = []
    for r, cells in enumerate(rows, start):
        out.append(f'<row r="{r}">' + "".join(
            f'<c r="{column_letter(c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for c, v in enumerate(cells) if v)
            + "</row>")
    return "".join(out)


def write_xlsx(path: Path, sheet: str | Iterable[bytes], *, types: str = "", rels: str = "",
               extra: dict[str, bytes] | None = None, zip64: bool = True) -> Path:
    """A workbook of one sheet whose XML is `sheet` (text, or chunks of bytes
    streamed into the archive), written part by part with zipfile."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=types))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(extra=rels))
        if isinstance(sheet, str):
            z.writestr("xl/worksheets/sheet1.xml", sheet)
        else:
            _stream(z, "xl/worksheets/sheet1.xml", sheet, zip64)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


ZEROS = b"0" * (1 << 24)  # 16 MiB of the digit 0: what a bomb repeats


class _Repeating:
    """A deflate compressor that compresses `ZEROS` once and repeats the
    result: each repeat is closed by a full flush, so that it refers to
    nothing before it and the copies make one valid stream. It turns the
    building of a 4 GiB bomb from 20 s of zlib into a few of CRC."""

    def __init__(self) -> None:
        self.real = zlib.compressobj(9, zlib.DEFLATED, -15)
        once = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block = once.compress(ZEROS) + once.flush(zlib.Z_FULL_FLUSH)

    def compress(self, data: bytes) -> bytes:
        if data is ZEROS:
            return self.real.flush(zlib.Z_FULL_FLUSH) + self.block
        return self.real.compress(data)

    def flush(self, mode: int = zlib.Z_FINISH) -> bytes:
        return self.real.flush(mode)


def _stream(z: zipfile.ZipFile, name: str, chunks: Iterable[bytes], zip64: bool = True) -> None:
    info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=zip64) as w:  # without ZIP64, sizes in the plain fields (under 4 GiB)
        w._compressor = _Repeating()  # type: ignore[attr-defined]  # zipfile's own writer, a faster compressor
        for chunk in chunks:
            w.write(chunk)


def inflating_xlsx(path: Path, gib: float = 4.0, zip64: bool = True) -> Path:
    """A 30-cell sheet whose one more cell holds `gib` GiB of zeros: a few
    megabytes on disk."""
    rows = [HEADER, ["X-1", "甲事项", "行政许可", "《某法》第一条", "某股", "受理", "不受理的"]]
    head = (SHEET_HEAD + sheet_rows(rows) + '<row r="3"><c r="A3"><v>').encode()
    n = int(gib * 2**30) // len(ZEROS)
    return write_xlsx(path, [head, *([ZEROS] * n), b"</v></c></row></sheetData></worksheet>"], zip64=zip64)


def many_cells_xlsx(path: Path, cells: int = 100_000_000) -> Path:
    """`cells` empty cells (`<c/>`), 10,000 a row, under a real header."""
    per_row = 10_000
    row = b"<row>" + b"<c/>" * per_row + b"</row>"
    block = row * 100  # a million cells

    def chunks():
        yield (SHEET_HEAD + sheet_rows([HEADER])).encode()
        for _ in range(cells // (per_row * 100)):
            yield block
        yield b"</sheetData></worksheet>"

    return write_xlsx(path, chunks())


def merged_xlsx(path: Path, ranges: int = 20_000, rows: int = 1000) -> Path:
    """A header, one row of data and a cell far below, and `ranges` merged
    ranges each over the whole table: 5 KB that asked for `ranges` × the
    table's cells of work."""
    body = sheet_rows([HEADER, ["X-1", "甲事项", "行政许可", "《某法》第一条", "某股", "受理", "不受理的"]])
    last = f"{column_letter(len(HEADER) - 1)}{rows}"
    body += f'<row r="{rows}"><c r="{last}" t="inlineStr"><is><t>x</t></is></c></row>'
    merges = f'<mergeCells count="{ranges}">' + f'<mergeCell ref="A3:{last}"/>' * ranges + "</mergeCells>"
    return write_xlsx(path, SHEET_HEAD + body + "</sheetData>" + merges + "</worksheet>")


def many_merges_xlsx(path: Path, ranges: int = 3_000_000) -> Path:
    """`ranges` one-row merged ranges (each its own objects once read) in about 100 KB."""
    def chunks():
        yield (SHEET_HEAD + sheet_rows([HEADER]) + "</sheetData><mergeCells>").encode()
        block = b'<mergeCell ref="A2:B2"/>' * 100_000
        for _ in range(ranges // 100_000):
            yield block
        yield b"</mergeCells></worksheet>"
    return write_xlsx(path, chunks(), zip64=False)


SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def many_strings_xlsx(path: Path, strings: int = 5_500_000) -> Path:
    """A shared-string table of `strings` one-letter entries (each kept as a string of its own) in about 230 KB."""
    def sst():
        yield b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        block = b"<si><t>x</t></si>" * 100_000
        for _ in range(strings // 100_000):
            yield block
        yield b"</sst>"
    write_xlsx(path, SHEET_HEAD + sheet_rows([HEADER]) + "</sheetData></worksheet>",
               types=f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>',
               rels=f'<Relationship Id="rId2" Type="{SST_REL}" Target="sharedStrings.xml"/>')
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        _stream(z, "xl/sharedStrings.xml", sst(), zip64=False)
    return path


def many_sheets_xlsx(path: Path, sheets: int = 1_200_000) -> Path:
    """A workbook listing `sheets` sheets, all on one part, in about 6 MB."""
    def book():
        yield WORKBOOK.split("<sheets>")[0].encode() + b"<sheets>"
        for start in range(1, sheets + 1, 100_000):
            yield b"".join(b'<sheet name="S%d" sheetId="%d" r:id="rId1"/>' % (i, i)
                           for i in range(start, min(start + 100_000, sheets + 1)))
        yield b"</sheets></workbook>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=""))
        z.writestr("_rels/.rels", ROOT_RELS)
        _stream(z, "xl/workbook.xml", book(), zip64=False)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(extra=""))
        z.writestr("xl/worksheets/sheet1.xml", SHEET_HEAD + sheet_rows([HEADER]) + "</sheetData></worksheet>")
    return path


VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def macro_xlsx(path: Path, part: str = "xl/VBAPROJECT.BIN", declared: bool = True, related: bool = False) -> Path:
    """A workbook carrying a VBA project under `part`, declared in
    [Content_Types].xml and/or related from the workbook."""
    types = f'<Override PartName="/{part}" ContentType="{VBA_TYPE}"/>' if declared else ""
    rels = f'<Relationship Id="rId9" Type="{VBA_REL}" Target="/{part}"/>' if related else ""
    return write_xlsx(path, SHEET_HEAD + sheet_rows([HEADER]) + "</sheetData></worksheet>", types=types,
                      rels=rels, extra={part: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504})


# --- the cases ---------------------------------------------------------------------

def _import(name: str):
    return ["import", name]


def _merged(project: Path):
    merged_xlsx(project / "merged.xlsx")
    return _import("merged.xlsx")


_CACHE: dict[str, Path] = {}


def _cached(name: str, build) -> Path:
    """A large bomb is built once per run and copied (a few MB) into each project."""
    if name not in _CACHE:
        import atexit
        import tempfile
        folder = tempfile.mkdtemp(prefix="powerlist-hostile-")
        atexit.register(shutil.rmtree, folder, True)
        _CACHE[name] = build(Path(folder) / name)
    return _CACHE[name]


def _merges(project: Path):
    many_merges_xlsx(project / "merges.xlsx")
    return _import("merges.xlsx")


def _strings(project: Path):
    many_strings_xlsx(project / "strings.xlsx")
    return _import("strings.xlsx")


def _sheets(project: Path):
    many_sheets_xlsx(project / "sheets.xlsx")
    return _import("sheets.xlsx")


def _bomb(project: Path):
    shutil.copy(_cached("bomb.xlsx", inflating_xlsx), project / "bomb.xlsx")
    return _import("bomb.xlsx")


def _cells(project: Path):
    shutil.copy(_cached("cells.xlsx", many_cells_xlsx), project / "cells.xlsx")
    return _import("cells.xlsx")


def ods(path: Path, body: str) -> Path:
    """An ODS file whose one sheet holds `body` (its rows, as content.xml writes them)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")  # stored, first
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                   '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
                   'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   "</manifest:manifest>")
        z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                   'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                   'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                   'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
                   f'<table:table table:name="Sheet1">{body}</table:table></office:spreadsheet></office:body>'
                   "</office:document-content>")
    return path


def ods_cell(text: str, repeat: int = 1) -> str:
    return (f'<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string">'
            f"<text:p>{text}</text:p></table:table-cell>")


def repeating_ods(path: Path, rows: int = 1_000_000, cols: int = 1000) -> Path:
    """An ODS whose one row of one cell says it repeats `rows` × `cols` times."""
    return ods(path, "<table:table-row>" + "".join(ods_cell(escape(h)) for h in HEADER) + "</table:table-row>"
               f'<table:table-row table:number-rows-repeated="{rows}">' + ods_cell("x", cols) + "</table:table-row>")


def _ods(project: Path):
    repeating_ods(project / "rep.ods")
    return _import("rep.ods")


def _fifo(suffix: str):
    def setup(project: Path):
        os.mkfifo(project / f"list{suffix}")
        return _import(f"list{suffix}")
    return setup


def _dev_zero(project: Path):
    os.symlink("/dev/zero", project / "zero.csv")
    return _import("zero.csv")


def _macro(project: Path):
    """The example's first blank form replaced by a macro workbook with an .xlsx name."""
    import yaml
    item = project / "powers" / "jishu-hetong-dengji.yaml"
    data = yaml.safe_load(item.read_text(encoding="utf-8"))
    folder = project / "powers" / "files" / "jishu-hetong-dengji"
    folder.mkdir(parents=True, exist_ok=True)
    macro_xlsx(folder / "宏.xlsx")
    data["service"]["materials"][0]["blank_form"] = "宏.xlsx"
    item.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ["check", "powers"]


CASES = [
    Case("import: 20,000 merged ranges over a 1,000-row sheet (5 KB)", _merged, "refused"),
    Case("import: 3 million merged ranges (100 KB)", _merges, "refused"),
    Case("import: 5.5 million shared strings (230 KB)", _strings, "refused"),
    Case("import: a workbook listing 1.2 million sheets (6 MB)", _sheets, "refused"),
    Case("import: an xlsx inflating to 4 GiB", _bomb, "refused"),
    Case("import: an xlsx of 100 million cells", _cells, "refused"),
    Case("import: an ods repeating one cell a billion times", _ods, "refused"),
    Case("import: a named pipe called .csv", _fifo(".csv"), "refused"),
    Case("import: a named pipe called .xlsx", _fifo(".xlsx"), "refused"),
    Case("import: a .csv linked to /dev/zero", _dev_zero, "refused"),
    Case("check: an .xlsx attachment with a VBA part under another name", _macro, "refused"),
]
