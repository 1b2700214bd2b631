"""The UI's wording in one language, shared by the pages and the charts:
the message catalog (`locale/<lang>/LC_MESSAGES/powerlist.po`, read with
Babel and compiled in memory) and how values such as time limits read."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ..core.durations import Duration, Span, Unit

LOCALES = Path(__file__).parent.parent / "locale"
SOURCE_LANGUAGES = ("zh", "zh_CN", "zh_Hans", "zh-CN", "zh-Hans")


@functools.lru_cache(maxsize=8)
def translations(language: str | None) -> NullTranslations:
    """The catalog for a language (as MkDocs names it: zh, en, …); the
    source language, or one without a catalog, gets the Chinese texts."""
    if not language or language in SOURCE_LANGUAGES:
        return NullTranslations()
    po = LOCALES / language.replace("-", "_") / "LC_MESSAGES" / "powerlist.po"
    if not po.is_file():
        raise ValueError(f"powerlist 没有 {language} 的界面翻译（{po}）")
    with po.open("rb") as f:
        catalog = read_po(f, locale=language.replace("-", "_"))
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


class Words:
    """The UI's wording in one language: its catalog, and how values such
    as time limits read. Shared by the templates and the charts."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language or "zh"
        self.translations = translations(language)
        self.gettext = self.translations.gettext
        self.ngettext = self.translations.ngettext

    def duration(self, d: Duration) -> str:
        if d.unit is Unit.INSTANT:
            return self.gettext("即办")
        if d.unit is Unit.SAME_DAY:
            return self.gettext("当天")
        if d.unit is Unit.UNKNOWN:
            return self.gettext("时限未载明")
        if d.unit is Unit.WORKDAY:
            return self.ngettext("%(num)d 个工作日", "%(num)d 个工作日", d.amount) % {"num": d.amount}
        return self.ngettext("%(num)d 日", "%(num)d 日", d.amount) % {"num": d.amount}

    def span(self, s: Span) -> str:
        parts = []
        if s.workdays:
            parts.append(self.duration(Duration(s.workdays, Unit.WORKDAY)))
        if s.days:
            parts.append(self.duration(Duration(s.days, Unit.DAY)))
        if s.unknown:
            parts.append(self.gettext("时限未载明的步骤"))
        if parts:
            return " + ".join(parts)
        return self.gettext("当天") if s.same_day else self.gettext("即办")

    def month_day(self, md: str) -> str:
        """A day of every year, MM-DD (08-13 → 8月13日)."""
        m, d = md.split("-")
        return self.gettext("%(month)d月%(day)d日") % {"month": int(m), "day": int(d)}

    def full_date(self, iso: str) -> str:
        """A calendar date, YYYY-MM-DD (2025-07-12 → 2025年7月12日)."""
        y, m, d = iso.split("-")
        return self.gettext("%(year)d年%(month)d月%(day)d日") % {"year": int(y), "month": int(m), "day": int(d)}

    def filesize(self, n: int) -> str:
        """A file's size as a reader takes it in: KB below 1 MB, else MB, one decimal."""
        if n < 1024 * 1024:
            return self.gettext("%(size)s KB") % {"size": f"{n / 1024:.1f}"}
        return self.gettext("%(size)s MB") % {"size": f"{n / 1024 / 1024:.1f}"}

    def quoted(self, text: str) -> str:
        """A name quoted as the language quotes it (“…”)."""
        return self.gettext("“%(text)s”") % {"text": text}

    def basis_short(self, basis: list) -> str:
        """The first two citations of a legal basis, for a list row."""
        shown = self.gettext("；").join((f"《{c.title}》" if c.title else c.doc_number or "") + (c.article or "")
                                         for c in basis[:2])
        return shown + (self.gettext("等") if len(basis) > 2 else "")
