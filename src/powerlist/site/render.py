"""The one place where data becomes markup: a Jinja environment with
autoescape on, loading a site's own templates before the package's, and
every UI string from a message catalog.

    Templates(site_dir="overrides/powerlist", language="en").render(["item-xk.html", "item.html"], ...)

tries the names in order (specific first) in the site's folder, then in the
package. Nothing rendered here is ever marked safe: the only markup that
passes through unescaped is what the templates themselves write (and the
msgids of the catalog, which are ours too).

The UI's source language is Simplified Chinese: msgids are the Chinese
texts, so the default build needs no catalog, and `locale/<lang>/
LC_MESSAGES/powerlist.po` translates them (read with Babel, compiled in
memory).
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

import jinja2
from markupsafe import Markup
from babel.support import NullTranslations

from ..view.words import LOCALES, SOURCE_LANGUAGES, Words

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"


def vocabulary() -> list[str]:
    """Every value of a closed vocabulary in the data model (层级, 材料形式,
    办件类型, …): shown to the public, so translated like UI text."""
    import typing

    from pydantic import BaseModel

    from ..core import bodies, models

    seen: dict[str, None] = {}

    def walk(tp) -> None:
        origin = typing.get_origin(tp)
        if origin is typing.Literal:
            seen.update(dict.fromkeys(a for a in typing.get_args(tp) if isinstance(a, str)))
        for arg in typing.get_args(tp):
            walk(arg)

    for module in (models, bodies):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__:
                for f in obj.model_fields.values():
                    walk(f.annotation)
    from ..core.models import DEFAULT_TYPES
    from ..view.item import WAYS

    seen.update(dict.fromkeys(WAYS))
    seen.update(dict.fromkeys(t.name for t in DEFAULT_TYPES))  # the usual power types, shown in every list
    return sorted(seen)


def tel_uri(number: str) -> str:
    """The dialable part of a phone as written (“12345 政务服务便民热线” → 12345)."""
    return re.sub(r"[^0-9+-]", "", number.split(" ")[0].split("（")[0].split("(")[0])


def _markup_gettext(t: NullTranslations):
    @functools.lru_cache(maxsize=4096)
    def constant(message: str) -> Markup:
        return Markup(t.gettext(message)) % {}

    def gettext(message: str, **values) -> Markup:
        return Markup(t.gettext(message)) % values if values else constant(message)

    def ngettext(singular: str, plural: str, num: int, **values) -> Markup:
        values.setdefault("num", num)
        return Markup(t.ngettext(singular, plural, num)) % values

    return gettext, ngettext


class Templates:
    def __init__(self, site_dir: str | Path | None = None, language: str | None = None) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if site_dir is not None and Path(site_dir).is_dir():
            loaders.append(jinja2.FileSystemLoader(str(site_dir)))
        loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
        self.words = w = Words(language)
        self.language = w.language
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,  # every {{ value }} is HTML-escaped: the single escaping boundary
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
            auto_reload=False,  # one environment per build: no stat of every template at every include
        )
        self.env.install_gettext_translations(w.translations, newstyle=True)  # type: ignore[attr-defined]
        # The same semantics as Jinja's newstyle callables under autoescape (the translation is
        # markup, the values are escaped, "%" always formats), without their per-call context
        # lookups; a string without values is translated once. At 10,000 items the templates
        # call these some two million times.
        _g, _n = _markup_gettext(w.translations)
        self.env.globals.update(gettext=_g, _=_g, ngettext=_n)
        # on an element holding the list's data (Chinese) in a page of another language: ` lang="zh-CN"`
        self.env.globals["data_lang"] = Markup("") if self.language in SOURCE_LANGUAGES else Markup(' lang="zh-CN"')
        self.gettext = w.gettext
        from ..view.item import ways  # the view imports nothing of rendering: no cycle

        self.env.filters.update(tel=tel_uri, quoted=w.quoted, duration=w.duration, span=w.span, basis_short=w.basis_short, month_day=w.month_day, full_date=w.full_date, filesize=w.filesize,
                                term=w.gettext, ways=ways)  # term: a value of a closed vocabulary (see `vocabulary`)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Changes when a template, the catalog or the language does: what a
        page made by these templates depends on besides its data."""
        h = hashlib.sha1(self.language.encode())
        folders = [Path(d) for loader in self.env.loader.loaders for d in loader.searchpath]  # type: ignore[union-attr]
        for path in [*(f for d in folders for f in sorted(d.rglob("*")) if f.is_file()), *sorted(LOCALES.rglob("*.po"))]:
            st = path.stat()
            h.update(f"{path}\0{st.st_mtime_ns}\0{st.st_size}\0".encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def render(self, names: list[str], **context) -> str:
        """Render the first of `names` that exists; blank lines are dropped so
        that nothing a theme does with the body can see a paragraph break."""
        html = self.env.select_template(names).render(**context)
        return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"
