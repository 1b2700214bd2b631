"""Editions: one site in several languages, built by one `mkdocs build`.

    plugins:
      - powerlist:
          editions:
            en:
              site_name: Jiefang District Bureau of Science, Technology and Industry: Powers List
              site_description: Powers, responsibilities and process flowcharts of …

The edition of `theme.language` (the main one, Chinese in the example) is
built at the site's root; each other edition, after it, into a folder named
by its language (`en/`), from the same data and the same `mkdocs.yml` with
that language's catalog: the UI, the navigation (its titles are looked up
in the catalog), the footer and the type names speak the edition's
language, the site name and description are the ones given here.

Every page links to the same page in each other edition (a switch in the
header, `<link rel="alternate" hreflang>` both ways) and states its own
canonical URL (the edition's folder under `site_url`). Nothing here knows
MkDocs: the plugin calls these with a page's URL.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["Edition", "NAMES", "hreflang", "head_links", "switch_html", "editions_of"]

# Each language's own name for itself: what the switch says, in that language.
NAMES = {"zh": "中文", "en": "English"}


@dataclass(frozen=True, slots=True)
class Edition:
    language: str  # as MkDocs names it (theme.language): zh, en
    prefix: str  # its folder under the site's root: "" (the main edition) or "en/"
    site_name: str | None = None
    site_description: str | None = None


def hreflang(language: str) -> str:
    """A language as HTML's `lang` and `hreflang` take it (zh → zh-CN)."""
    return "zh-CN" if language in ("zh", "zh_CN", "zh-CN", "zh_Hans", "zh-Hans") else language.replace("_", "-")


def editions_of(main_language: str, options: dict) -> list[Edition]:
    """The site's editions, the main one first, from the plugin's `editions`
    option (language → its site_name and site_description)."""
    out = [Edition(main_language, "")]
    for language, opts in (options or {}).items():
        language = str(language)
        if language == main_language:
            continue
        opts = opts or {}
        if not isinstance(opts, dict) or set(opts) - {"site_name", "site_description"}:
            raise ValueError(f"editions.{language}: 只能设 site_name 和 site_description")
        if "/" in language or language.startswith(".") or not language:
            raise ValueError(f"editions: 语言代码 {language!r} 不可用作文件夹名")
        out.append(Edition(language, f"{language}/", opts.get("site_name"), opts.get("site_description")))
    return out


def _relative(url: str, here: Edition, there: Edition) -> str:
    up = url.count("/") + here.prefix.count("/")
    return "../" * up + there.prefix + url or "./"


def head_links(url: str, here: Edition, editions: list[Edition], site_url: str | None) -> str:
    """The `<link rel="alternate" hreflang>` of a page, one per edition
    (its own included, as search engines ask) and x-default for the main one."""
    if len(editions) < 2:
        return ""
    root = (site_url.rstrip("/") + "/") if site_url else None
    out = []
    for e in editions:
        href = root + e.prefix + url if root else _relative(url, here, e)
        out.append(f'<link rel="alternate" hreflang="{hreflang(e.language)}" href="{html.escape(href)}">')
    main = editions[0]
    href = root + main.prefix + url if root else _relative(url, here, main)
    out.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(href)}">')
    return "\n".join(out) + "\n"


def switch_html(url: str, here: Edition, editions: list[Edition], label: str) -> str:
    """The header's links to this page in the other editions, each named in
    its own language."""
    links = []
    for e in editions:
        if e is here or e.language == here.language:
            continue
        code = hreflang(e.language)
        name = NAMES.get(e.language.split("_")[0].split("-")[0], e.language)
        links.append(f'<a class="pl-edition" href="{html.escape(_relative(url, here, e))}" hreflang="{code}" '
                     f'lang="{code}">{html.escape(name)}</a>')
    if not links:
        return ""
    return f'<nav class="pl-editions" aria-label="{html.escape(label)}">{"".join(links)}</nav>'
