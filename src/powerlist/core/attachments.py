"""Files published with an item: blank forms (空白表格), filled-in samples
(示例样表) and a sample of the result (结果样本).

They are kept beside the data, one folder per item, named by the item's id:

    powers/files/jishu-hetong-dengji/技术合同登记证明（样本）.pdf

and named from the item by their file name alone (`service.materials[i].
blank_form`, `.sample`, `service.result.sample`); a value with a scheme is a
web address instead (http or https only, checked by the model).

`check(cat)` looks at every reference and every file: a name that is not a
plain file name, a missing file, a link, folder or pipe, a file over the
site's size limit, content that is not what its extension says (told by its
first bytes, not its name; Word and Excel files with macros refused), a
folder of no item (errors), and a file nothing references (a warning: it is
not published). Nothing is followed: links are refused unread, files are
opened with O_NOFOLLOW and never read past the limit.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .diagnostics import Diagnostic
from .layout import FILES_DIR, display_path
from .records import Attachment, Catalog, Entry
from .rules import say

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NAME = 100  # characters of a file name

# extension → kind; every kind's content is told by its first bytes (see `sniff`)
KINDS = {".pdf": "pdf", ".ofd": "ofd", ".doc": "doc", ".docx": "docx", ".xls": "xls", ".xlsx": "xlsx",
         ".jpg": "jpg", ".jpeg": "jpg", ".png": "png"}
# what a kind is called in a message
KIND_NAMES = {"pdf": "PDF 文件", "ofd": "OFD 文件", "doc": "Word 文档", "docx": "Word 文档", "xls": "Excel 工作簿",
              "xlsx": "Excel 工作簿", "jpg": "JPEG 图片", "png": "PNG 图片"}
TYPES_SHOWN = "PDF、OFD、Word（.doc .docx）、Excel（.xls .xlsx）、JPG、PNG"

_FORBIDDEN = set('\\/:*?"<>|')
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, slots=True)
class Reference:
    """A field of an item that names a document."""

    loc: tuple[str | int, ...]  # where in the item file
    value: str
    role: str  # blank_form, sample (of a material), result


def is_address(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def references(x: "Entry") -> Iterator[Reference]:
    """Every field of the item that names a document, in file order."""
    svc = x.item.service
    if svc is None:
        return
    for i, m in enumerate(svc.materials):
        for role in ("blank_form", "sample"):
            value = getattr(m, role)
            if value is not None:
                yield Reference(("service", "materials", i, role), value, role)
    if svc.result is not None and svc.result.sample is not None:
        yield Reference(("service", "result", "sample"), svc.result.sample, "result")


def shown(name: str) -> str:
    """A file name as a diagnostic may print it: characters that hide or
    reorder text (bidi controls, zero-width and other format characters,
    undecodable bytes) written out as \\uXXXX, so a reviewer sees them."""
    return "".join(f"\\u{ord(ch):04x}" if _invisible(ch) else ch for ch in name)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def name_problem(value: str, folder: str) -> str | None:
    """Why `value` cannot be a file name in `folder`; None when it can."""
    if "/" in value or "\\" in value:
        return say("PL350", "path", value=shown(value), folder=folder)
    if value.startswith("."):
        return say("PL350", "dots", value=shown(value), folder=folder)
    bad = next((ch for ch in value if _invisible(ch)), None)
    if bad is not None:
        return say("PL350", "invisible", value=shown(value), char=f"U+{ord(bad):04X}")
    bad = next((ch for ch in value if ch in _FORBIDDEN), None)
    if bad is not None:
        return say("PL350", "chars", value=value, char=bad)
    if len(value) > MAX_NAME:
        return say("PL350", "long", max=MAX_NAME, length=len(value))
    if kind_of(value) is None:
        return say("PL350", "type", value=value, types=TYPES_SHOWN)
    return None


def kind_of(name: str) -> str | None:
    return KINDS.get(os.path.splitext(name)[1].lower())


# --- content ---------------------------------------------------------------------------

def sniff(head: bytes, fd: int | None = None, limit: int = DEFAULT_MAX_BYTES) -> tuple[str | None, str | bool]:
    """What a file's first bytes say it is, and whether it holds macros
    (True, or "macro") or other active content ("active": ActiveX, OLE).
    ZIP-based formats (OFD, docx, xlsx) are told by their parts
    (`_sniff_zip`); OLE ones (doc, xls) by the names of their streams."""
    if head.startswith(b"%PDF-"):
        return "pdf", False
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg", False
    if head.startswith(_PNG):
        return "png", False
    if head.startswith(b"PK\x03\x04") and fd is not None:
        return _sniff_zip(_read_all(fd, limit))
    if head.startswith(_OLE) and fd is not None:
        data = _read_all(fd, limit)
        macros = _has_stream(data, "_VBA_PROJECT") or _has_stream(data, "Macros") or _has_stream(data, "_VBA_PROJECT_CUR")
        if _has_stream(data, "WordDocument"):
            return "doc", macros
        if _has_stream(data, "Workbook") or _has_stream(data, "Book"):
            return "xls", macros
        return None, False
    return None, False


# What marks active content in an OPC package (docx, xlsx), in [Content_Types].xml and in the
# relationships, lower-cased: VBA projects and their data, macro-enabled main parts, Excel 4.0 macro
# sheets, ActiveX controls and embedded OLE objects (which run what they hold when opened).
_MACRO_TYPES = ("vba", "macroenabled", "macrosheet")
_ACTIVE_TYPES = ("activex", "oleobject")
_MACRO_RELS = ("/vbaproject", "/wordvbadata", "/keymapcustomizations", "macrosheet")
_ACTIVE_RELS = ("/activexcontrol", "/oleobject")
_ATTRIBUTE = re.compile(rb"""\b(ContentType|Type)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
MAX_UNZIPPED = 100 * 2**20  # an attachment's parts once inflated, all together


MAX_PART = 4 * 2**20  # [Content_Types].xml or a part's relationships: a few kilobytes in a real file


def _sniff_zip(data: bytes) -> tuple[str | None, str | bool]:
    """An OFD, DOCX or XLSX, told by its parts; whether it holds macros or
    other active content, told by [Content_Types].xml, the relationships and
    the part names, all compared without regard to case (OPC part names are
    case-insensitive, and a VBA part may have any name). Only those small
    parts are inflated, each as a measured stream; an archive whose parts
    declare more than MAX_UNZIPPED in all is refused unread (the site would
    hand it to every visitor)."""
    from .archive import ReadError, open_zip, read_part

    try:
        z = open_zip(data)
        infos = z.infolist()
        if sum(i.file_size for i in infos) > MAX_UNZIPPED:
            raise Inflating(MAX_UNZIPPED)
        lower = {i.filename.lower(): i for i in infos}
        if "ofd.xml" in lower:
            return "ofd", False
        if "[content_types].xml" not in lower:
            return None, False
        kind = "docx" if "word/document.xml" in lower else "xlsx" if "xl/workbook.xml" in lower else None
        if kind is None:
            return None, False
        found: str | bool = False
        if any(n.endswith(("vbaproject.bin", "vbadata.xml")) for n in lower):
            return kind, "macro"
        if any("/activex/" in n or "oleobject" in n for n in lower):
            found = "active"
        for low, info in lower.items():
            if low != "[content_types].xml" and not low.endswith(".rels"):
                continue
            text = read_part(z, info, MAX_PART)
            if text is None:
                return None, False
            for m in _ATTRIBUTE.finditer(text):
                value = (m.group(2) or m.group(3) or b"").decode("utf-8", "replace").lower()
                types = m.group(1).lower() == b"contenttype"
                if any(mark in value for mark in (_MACRO_TYPES if types else _MACRO_RELS)):
                    return kind, "macro"
                if any(mark in value for mark in (_ACTIVE_TYPES if types else _ACTIVE_RELS)):
                    found = "active"
        return kind, found
    except Inflating:
        raise
    except (ReadError, Exception):  # any malformed archive (a lying directory among them): not what it says it is
        return None, False


class Inflating(Exception):
    """An archive that inflates past the bound."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def _has_stream(data: bytes, name: str) -> bool:
    """Whether an OLE compound file's directory names `name` (in any case,
    as the format compares names): a directory entry is 128 bytes, aligned
    to 128 in the file, the name in UTF-16 first and its length in bytes
    (with the final NUL) at offset 64. Text of a document that happens to
    spell the name is not an entry."""
    needle = (name + "\0").encode("utf-16-le").lower()
    size = len(needle).to_bytes(2, "little")
    low = data.lower()
    start = low.find(needle)
    while start != -1:
        if start % 128 == 0 and data[start + 64:start + 66] == size:
            return True
        start = low.find(needle, start + 1)
    return False


def _read_all(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    os.lseek(fd, 0, os.SEEK_SET)
    while size <= limit and (chunk := os.read(fd, 1 << 20)):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
         | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def inspect(path: Path, file: str, kind: str, limit: int) -> tuple[os.stat_result | None, str | None, str | None]:
    """The file's stat, or the rule and message of what is wrong with it."""
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "PL352", say("PL352", "link", file=file)
        return None, "PL354", say("PL354", "unreadable", file=file)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, "PL352", say("PL352", "dir" if stat.S_ISDIR(st.st_mode) else "special", file=file)
        if st.st_size > limit:
            return None, "PL353", say("PL353", file=file, size=megabytes(st.st_size), limit=megabytes(limit))
        if st.st_size == 0:
            return None, "PL354", say("PL354", "empty", file=file)
        head = os.read(fd, 16)
        try:
            found, macros = sniff(head, fd, limit)
        except Inflating as exc:
            return None, "PL354", say("PL354", "inflating", file=file, kind=KIND_NAMES[kind], limit=megabytes(exc.limit))
        if found != kind:
            ext = os.path.splitext(path.name)[1]
            return None, "PL354", say("PL354", file=file, kind=KIND_NAMES[kind], ext=ext)
        if macros:
            variant = "active" if macros == "active" else "macro"
            return None, "PL354", say("PL354", variant, file=file, kind=KIND_NAMES[kind])
        return st, None, None
    except OSError:
        return None, "PL354", say("PL354", "unreadable", file=file)
    finally:
        os.close(fd)


# --- the whole folder --------------------------------------------------------------------

def _kind_of_entry(entry: os.DirEntry[str]) -> str:
    """What a folder entry is, without following a link: file, dir, link, special."""
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return "gone"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return "special"


def _scan(folder: Path) -> list[os.DirEntry[str]] | None:
    try:
        return sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return None


def _display(root_display: str, *parts: str) -> str:
    return "/".join([root_display, *(shown(p) for p in parts)])


def check(cat: "Catalog") -> tuple[list[Diagnostic], dict[str, dict[str, Attachment]]]:
    """Check every reference and every file under `cat.root`/files: the
    findings, and the files that will be published (item id → file name →
    file), which the loader keeps in `cat.attachments`."""
    out: list[Diagnostic] = []
    limit = cat.site.max_attachment_bytes if cat.site is not None else DEFAULT_MAX_BYTES
    base = cat.root / FILES_DIR
    base_display = display_path(base)

    # what is in powers/files/: folders by name, each with its files by name
    folders: dict[str, dict[str, os.DirEntry[str]]] = {}
    top = None
    try:
        top_mode = os.lstat(base).st_mode
    except OSError:
        top_mode = None
    if top_mode is not None:
        if stat.S_ISLNK(top_mode):
            out.append(Diagnostic("PL352", base_display, 1, 1, "", say("PL352", "link", file=base_display)))
        elif not stat.S_ISDIR(top_mode):
            out.append(Diagnostic("PL352", base_display, 1, 1, "", say("PL352", "not-dir", file=base_display)))
        else:
            top = _scan(base)
    for entry in top or []:
        file = _display(base_display, entry.name)
        what = _kind_of_entry(entry)
        if entry.name.startswith("."):
            continue  # .gitkeep, .DS_Store: never published, never read
        if what == "dir":
            folders[entry.name] = {e.name: e for e in (_scan(Path(entry.path)) or []) if not e.name.startswith(".")}
            if entry.name not in cat.item_ids:
                near = difflib.get_close_matches(entry.name, sorted(cat.item_ids), n=1)
                message = (say("PL356", "near", folder=file + "/", near=near[0]) if near
                           else say("PL356", folder=file + "/", item=shown(entry.name)))
                out.append(Diagnostic("PL356", file, 1, 1, "", message))
        elif what == "link":
            out.append(Diagnostic("PL352", file, 1, 1, "", say("PL352", "link", file=file)))
        elif what == "file":
            out.append(Diagnostic("PL352", file, 1, 1, "", say("PL352", "loose", file=file)))
        elif what == "special":
            out.append(Diagnostic("PL352", file, 1, 1, "", say("PL352", "special", file=file)))

    found: dict[str, dict[str, Attachment]] = {}
    used: set[tuple[str, str]] = set()  # (folder, disk name) referenced
    for x in sorted(cat.entries.values(), key=lambda e: e.id):
        here = folders.get(x.id, {})
        folder = f"{base_display}/{x.id}/"
        by_nfc = {unicodedata.normalize("NFC", n): n for n in sorted(here, reverse=True)}
        checked: dict[str, Attachment | None] = {}
        for ref in references(x):
            if is_address(ref.value):
                continue
            problem = name_problem(ref.value, folder)
            if problem is not None:
                out.append(x.source.diag("PL350", ref.loc, problem))
                continue
            disk = ref.value if ref.value in here else by_nfc.get(unicodedata.normalize("NFC", ref.value))
            if disk is None:
                file = folder + ref.value
                near = difflib.get_close_matches(ref.value, [n for n in here if not _bad_disk_name(n)], n=1, cutoff=0.5)
                message = (say("PL351", "near", file=file, near=near[0]) if near
                           else say("PL351", file=file, folder=folder))
                out.append(x.source.diag("PL351", ref.loc, message))
                continue
            used.add((x.id, disk))
            if disk in checked:
                continue
            entry = here[disk]
            file = folder + shown(disk)
            what = _kind_of_entry(entry)
            if what != "file":
                variant = {"link": "link", "dir": "dir"}.get(what, "special")
                out.append(x.source.diag("PL352", ref.loc, say("PL352", variant, file=file)))
                checked[disk] = None
                continue
            kind = kind_of(ref.value)
            assert kind is not None  # name_problem said so
            st, rule, wrong = inspect(Path(entry.path), file, kind, limit)
            if st is None:
                assert rule is not None and wrong is not None
                out.append(x.source.diag(rule, ref.loc, wrong))
                checked[disk] = None
                continue
            checked[disk] = att = Attachment(x.id, ref.value, Path(entry.path), st.st_size, kind,
                                             (st.st_mtime_ns, st.st_size, st.st_ino))
            found.setdefault(x.id, {})[ref.value] = att

    for name in sorted(folders):
        if name not in cat.entries:
            continue  # reported as a whole folder, or its item did not load (and says why)
        for disk, entry in sorted(folders[name].items()):
            file = _display(base_display, name, disk)
            what = _kind_of_entry(entry)
            if what in ("link", "dir", "special"):
                if (name, disk) not in used:  # a referenced one is reported at the reference
                    out.append(Diagnostic("PL352", file, 1, 1, "", say("PL352", what, file=file)))
            elif what == "file" and (name, disk) not in used:
                out.append(Diagnostic("PL355", file, 1, 1, "", say("PL355", item=name)))
    return out, found


def _bad_disk_name(name: str) -> bool:
    return any(_invisible(ch) for ch in name)
