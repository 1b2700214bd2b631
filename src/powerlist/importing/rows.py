"""One row of a list → one item's data, cleaned, with every change noted
and each problem at its cell."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.models import NOT_STATED, Site
from ..core.rules import say
from . import clean
from .columns import Columns, kept_columns


@dataclass(frozen=True)
class Change:
    """A cleaning step applied to a cell: its kind and the value before and after."""

    row: int
    col: int
    field: str
    kind: str
    before: str
    after: str


@dataclass(frozen=True)
class Problem:
    """What stops a row from being imported, or a warning about it: the
    column's field, the rule and its message (a variant of the rule's, or
    check's own message of a file), and the key path in the item."""

    row: int
    field: str
    rule: str
    variant: str = ""
    fields: dict = dataclasses.field(default_factory=dict)  # not `field`: in this class that names the column's field
    path: str = ""
    message: str | None = None
    error: bool | None = None  # None: as the rule says; check's own verdict otherwise (a site's `require:`)


@dataclass
class Row:
    index: int  # 0-based row in the table
    data: dict  # the item, fields in the order `powerlist new` writes them
    ident: str = ""
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    main: str | None = None  # the 主项's name, when the row is a 子项
    text: str = ""  # the item file, once made
    number: int = 0  # the row as staff count it (the sheet's row, the CSV's line)
    skip: bool = False  # not to be imported, without an error (a cancelled item)


def _unstated(text: str) -> bool:
    """A cell that says the source does not state it (an export of an imported list writes so)."""
    return text.strip() in (NOT_STATED, "/", "—", "-", "——")


class RowReader:
    """Reads rows of one table into item data, for one site."""

    def __init__(self, site: Site, cols: Columns) -> None:
        self.site = site
        self.cols = cols
        self.types: dict[str, str] = {}
        for t in site.types:
            for name in (t.name, *t.aliases):
                self.types.setdefault(_norm(name), t.name)
        for t in site.types:  # the national numeric codes (01 行政许可 …) as _site.yaml declares them
            if t.code:
                self.types.setdefault(t.code, t.name)
                self.types.setdefault(t.code.lstrip("0"), t.name)  # 1, as a spreadsheet wrote 01
        self.kept = kept_columns(cols)
        # A list repeats its levels, units, types, phones, and much of its legal text from row to row: what
        # a cell's text makes is worked out once per import. Each row gets containers of its own.
        self.split_units = _once(clean.split_units, list)
        self.citations = _once(clean.citations, lambda cites: [dict(c) for c in cites])
        self.split_stages = _once(clean.split_stages, lambda r: (list(r[0]), list(r[1])))
        self.split_cases = _once(clean.split_cases, list)
        self.phones = _once(clean.phones, lambda r: (list(r[0]), list(r[1])))
        self.levels = _once(clean.levels, lambda r: (list(r[0]), r[1]))
        self.is_level = _once(clean.is_level, bool)
        self.type_of = _once(lambda raw: self.types.get(_norm(raw)) or self.types.get(_norm(raw).lstrip("0") or "0"),
                             lambda t: t)

    def read(self, index: int, cells: list[str]) -> Row:
        row = Row(index, {})
        get = self._getter(row, cells)
        name, sub = get("name"), get("subitem")
        code = get("code", tidy=False)
        if code is not None:
            stripped = unicodedata.normalize("NFKC", code).strip()
            if stripped != code:
                self._change(row, "code", "spaces", code, stripped)
            code = stripped or None
        d = row.data
        if code:
            d["code"] = code
        for key in ("basic_code", "implementation_code"):
            v = get(key, tidy=False)
            if v and v.strip():
                d[key] = v.strip()
        if sub:
            row.main = name
            name = sub
        if name:
            d["name"] = clean.one_line(name)
        else:
            self._problem(row, "name", "PL602", "name")
        # 权力类型 through the site's types and aliases
        raw_type = get("type")
        if raw_type:
            canonical = self.type_of(raw_type)
            bare = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", raw_type)  # 其他行政权力（审核转报）
            if canonical is None and bare != raw_type and self.type_of(bare):
                canonical = self.type_of(bare)
                d["_type_note"] = f"权力类型原文：{clean.one_line(raw_type)}"  # the words in brackets are kept
            if canonical is None:
                d["type"] = raw_type  # check names it, with a “did you mean”
            else:
                if canonical != raw_type:
                    self._change(row, "type", "type-alias", raw_type, canonical)
                d["type"] = canonical
        else:
            self._problem(row, "type", "PL602", "type")
        # 实施主体: a body other than the site's authority, or nothing (the authority)
        subject = get("subject")
        if subject:
            subject = clean.one_line(subject)
            if self.is_level(subject):  # 市级 is no body: which body the list does not say
                self._problem(row, "subject", "PL606", "", value=subject)
                d["subject"] = {"name": NOT_STATED, "nature": NOT_STATED}
            else:
                nature = get("nature")
                value = clean.NATURES.get(clean.one_line(nature), nature) if nature and not _unstated(nature) else None
                own = subject in (self.site.authority.name, self.site.authority.full_name)
                if not own or (value is not None and value != "法定机关"):
                    d["subject"] = {"name": subject}
                    # another body's nature, when the list does not give it, is not stated: not 法定机关 by default
                    value = value or (NOT_STATED if not own else "法定机关")
                    if value != "法定机关":  # the default
                        d["subject"]["nature"] = value
        units = get("units")
        if units and not _unstated(units):
            parts = self.split_units(units)
            if len(parts) > 1:
                self._change(row, "units", "units-split", units, "；".join(parts))
            d["units"] = parts
        else:
            self._not_stated(row, "units", units)
        self._levels(row, get("levels"))
        source = get("source")
        if not source or _unstated(source):  # a list without the column says nothing of it: no default
            d["source"] = NOT_STATED
            self._change(row, "source", "not-stated", source or "", NOT_STATED)
        else:
            value = clean.SOURCES.get(clean.one_line(source))
            if value != "法定本级行使":  # the default
                d["source"] = value or source
            if value and value != source:
                self._change(row, "source", "vocabulary", source, value)
        basis = get("basis")
        if basis and not _unstated(basis):
            cites = self.citations(basis)
            if len(cites) > 1:
                self._change(row, "basis", "citations", basis, f"{len(cites)}")
            d["basis"] = cites
        else:
            self._not_stated(row, "basis", basis)
        resp = get("responsibilities")
        if resp and not _unstated(resp):
            stages, changes = self.split_stages(resp)
            if changes:
                self._change(row, "responsibilities", "stages", resp, "、".join(s for s, _, _ in stages))
            d["responsibilities"] = [{"stage": s, "content": c, **({"standard": v} if v else {})} for s, c, v in stages]
        else:
            self._not_stated(row, "responsibilities", resp)
        cases = get("cases")
        if cases and not _unstated(cases):
            items = self.split_cases(cases)
            if len(items) > 1:
                self._change(row, "cases", "cases-split", cases, f"{len(items)}")
            d["accountability"] = {"cases": items}
        else:
            self._not_stated(row, "cases", cases)
            d["accountability"] = {"cases": NOT_STATED}
        case_basis = get("case_basis")
        if case_basis and not _unstated(case_basis):
            d["accountability"]["basis"] = self.citations(case_basis)
        phone = get("supervision")
        if phone and not _unstated(phone):
            numbers, changes = self.phones(phone)
            for kind in dict.fromkeys(changes):
                self._change(row, "supervision", kind, phone, "；".join(numbers))
            if numbers and all(re.fullmatch(r"[0-9-]{7,20}", n) for n in numbers):
                sup: dict = {}
                if numbers[0] != self.site.supervision.phone:  # the site's is every item's by default
                    sup["phone"] = numbers[0]
                if len(numbers) > 1:
                    sup["channels"] = [f"监督电话：{n}" for n in numbers[1:]]
                if sup:
                    d["supervision"] = sup
            else:
                d["supervision"] = {"channels": [clean.one_line(phone)]}  # a way to supervise, not a number
        # No flow: a list row publishes none, and a type's template would put its steps, times, lanes
        # and visits on the page as the item's own. The page says the chart is not published yet.
        status = get("status")
        if status:
            s = clean.one_line(status)
            if s in clean.CANCELLED:
                self._problem(row, "status", "PL607", "", value=s)
                row.skip = True
            elif clean.STATUSES.get(s, s) != "在用":
                d["status"] = clean.STATUSES.get(s, s)
        remark = get("remark")
        notes = [remark] if remark else []
        if row.main:
            notes.append(f"主项：{row.main}")
        for note in ("_type_note", "_levels_note"):
            if note in d:
                notes.append(d.pop(note))
        if notes:
            d["remark"] = "\n".join(notes)
        original = self._original(cells)
        if original:
            d["original"] = original
        return row

    def _original(self, cells: list[str]) -> dict:
        """The row's own id and every column no field takes, by header, in the source's order."""
        out: dict = {}
        col = self.cols.fields.get("source_id")
        if col is not None and col < len(cells) and cells[col].strip():
            out["id"] = cells[col].strip()
        kept = {}
        for c, header in self.kept:
            if c < len(cells) and cells[c].strip():
                kept[header] = cells[c]
        if kept:
            out["columns"] = kept
        return out

    # --- pieces ----------------------------------------------------------------

    def _getter(self, row: Row, cells: list[str]):
        def get(name: str, tidy: bool = True) -> str | None:
            col = self.cols.fields.get(name)
            if col is None or col >= len(cells):
                return None
            value = cells[col]
            if not tidy:
                return value if value.strip() else None
            text, changes = clean.tidy(value)
            for kind in changes:
                self._change(row, name, kind, value, text)
            return text or None
        return get

    def _change(self, row: Row, name: str, kind: str, before: str, after: str) -> None:
        row.changes.append(Change(row.index, self.cols.fields.get(name, 0), name, kind, before, after))

    def _problem(self, row: Row, name: str, rule: str, variant: str, **fields) -> None:
        row.problems.append(Problem(row.index, name, rule, variant, fields))

    def _not_stated(self, row: Row, name: str, text: str | None) -> None:
        """The source does not publish this: 未载明, never a default."""
        path = {"cases": "accountability.cases"}.get(name, name)
        if path != "accountability.cases":
            row.data[path] = NOT_STATED
        self._change(row, name, "not-stated", text or "", NOT_STATED)
        # said here, at the cell, whatever else the row holds (check says it only of a row that validates)
        row.problems.append(Problem(row.index, name, "PL421", "", {"title": say("PL421", path)}, path,
                                    error=self.site.requires(path)))

    def _levels(self, row: Row, text: str | None) -> None:
        d = row.data
        if not text or _unstated(text):
            self._not_stated(row, "levels", text)
            return
        numbers = [p for p in re.split(r"[\s,，、;；/]+", unicodedata.normalize("NFKC", text)) if p]
        if numbers and all(p in self.site.level_codes for p in numbers):
            found = list(dict.fromkeys(self.site.level_codes[p] for p in numbers))
            d["levels"] = found
            self._change(row, "levels", "level-codes", text, "、".join(found))
            return
        found, extra = self.levels(text)
        if not found:
            d["levels"] = [text]  # check names it, with the choices
            return
        d["levels"] = found
        if "、".join(found) != text:
            self._change(row, "levels", "levels", text, "、".join(found))
        if extra:
            d["_levels_note"] = f"行使层级原文：{clean.one_line(text)}"


def _once(make: Callable[[str], Any], copy: Callable[[Any], Any]) -> Callable[[str], Any]:
    """`make` of a cell's text, made once per text; `copy` gives each caller its own."""
    made: dict[str, Any] = {}

    def get(text: str) -> Any:
        if text not in made:
            made[text] = make(text)
        return copy(made[text])
    return get


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --- ids -----------------------------------------------------------------------

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_SYLLABLES = 8


def slug_of_code(code: str) -> str | None:
    s = re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")
    return s if s and ID_RE.match(s) else None


def slug_of_name(name: str) -> str:
    """The pinyin of the name, syllable by syllable; a long name is cut after
    eight syllables and told apart by a short hash of the whole name, so
    that the id does not depend on the row's position."""
    from pypinyin import Style, lazy_pinyin

    syllables: list[str] = []
    for part in lazy_pinyin(name, style=Style.NORMAL, errors=lambda s: [s]):  # type: ignore[arg-type, return-value]  # pypinyin's stub wants text; a list is allowed
        part = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", part).lower()).strip("-")
        if part:
            syllables.append(part)
    base = "-".join(syllables[:MAX_SYLLABLES]) or "item"
    if len(syllables) > MAX_SYLLABLES:
        base += "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:4]
    return base


def pinyin_ready() -> None:
    """Load the pinyin dictionary now (half a second), for `slug_of_name` later."""
    slug_of_name("事项")


def assign_ids(rows: list[Row]) -> None:
    """From the code where there is one, else from the name; a second row
    with the same id gets a hash of its name and 子项 (stable whatever the
    order of the rows); a row identical in both is a duplicate."""
    taken: dict[str, int] = {}  # id → the row's number
    for row in rows:
        code = row.data.get("code")
        base = (slug_of_code(code) if code else None) or slug_of_name(row.data.get("name", ""))
        ident = base
        if ident in taken:
            salt = f"{row.data.get('name')}\0{row.main or ''}\0{code or ''}"
            ident = f"{base}-{hashlib.sha1(salt.encode('utf-8')).hexdigest()[:6]}"
        if ident in taken:
            row.problems.append(Problem(row.index, "name", "PL605", "", {"other": taken[ident]}))
            continue
        taken[ident] = row.number
        row.ident = ident
