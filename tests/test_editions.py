"""The site a citizen finds first (issue 26): two linked editions from one
build, a flowchart a phone shows whole, the width a desktop has, and the
large-print mode (长辈版) without overflow and with every scrolling box
reachable by keyboard. A real `mkdocs build` of the example, real Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from test_history import history_origin, history_site  # noqa: F401 - fixtures: the example with a git history
from test_site import TECH, Visit, origin, site  # noqa: F401 - fixtures: one build of the example for this module

BASE = "https://jiefangqu-kegongju.github.io/powerlist/"
NOTICE = "changes/2026-11-26-tiaozheng/"
PAGE_TYPES = ["", "list/", TECH, "types/qr/", "units/", NOTICE, "downloads/", "en/", f"en/{TECH}"]


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _json_ld(text: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]


@pytest.mark.parametrize("path", ["", "list/", TECH, "types/qr/", NOTICE, "supervision/"])
def test_each_page_links_its_other_edition_both_ways_with_its_own_canonical(site: Path, path: str) -> None:
    zh, en = _html(site, path), _html(site, "en/" + path)
    assert f'<link rel="canonical" href="{BASE}{path}">' in zh
    assert f'<link rel="canonical" href="{BASE}en/{path}">' in en
    for page in (zh, en):  # the same alternates on both sides, the Chinese one the default
        assert f'<link rel="alternate" hreflang="zh-CN" href="{BASE}{path}">' in page
        assert f'<link rel="alternate" hreflang="en" href="{BASE}en/{path}">' in page
        assert f'<link rel="alternate" hreflang="x-default" href="{BASE}{path}">' in page
    assert '<html lang="zh"' in zh and '<html lang="en"' in en
    to_en = re.search(r'<a class="pl-edition" href="([^"]+)" hreflang="en" lang="en">English</a>', zh).group(1)
    to_zh = re.search(r'<a class="pl-edition" href="([^"]+)" hreflang="zh-CN" lang="zh-CN">中文</a>', en).group(1)
    assert (site / path / to_en / "index.html").resolve() == (site / "en" / path / "index.html").resolve()
    assert (site / "en" / path / to_zh / "index.html").resolve() == (site / path / "index.html").resolve()


def test_the_english_edition_names_the_site_nav_and_types_in_english_and_marks_chinese_data(site: Path) -> None:
    en = _html(site, "en/list/")
    header = re.search(r'<header class="md-header.*?</header>', en, re.S).group(0)
    assert "Jiefang District Bureau of Science and Technology" in header and "权责清单" not in header
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', en, re.S).group(0)
    for title in ["Home", "List of powers", "By type of power", "By department", "Downloads"]:
        assert f"{title}\n" in nav or f">{title}<" in nav, title
    assert "首页" not in nav and "数据下载" not in nav
    assert '<td data-label="Type">Administrative licensing</td>' in en  # type names through the catalog
    assert 'class="pl-name" lang="zh-CN"><a' in en  # the data stays Chinese, and says so
    item = _html(site, f"en/{TECH}")
    assert '<h1 id="top"><span lang="zh-CN">技术合同认定登记</span></h1>' in item
    assert "<title>技术合同认定登记 - Jiefang District" in item
    ld = _json_ld(item)[0]
    assert ld["inLanguage"] == "en" and ld["serviceType"] == "Administrative confirmation"
    assert _json_ld(_html(site, "en/"))[0]["inLanguage"] == "en"
    zh = _html(site, TECH)
    assert _json_ld(zh)[0]["inLanguage"] == "zh-CN" and _json_ld(zh)[0]["serviceType"] == "行政确认"
    assert 'lang="zh-CN"' not in zh.split("</head>")[1].replace('hreflang="zh-CN"', "")  # the Chinese edition needs none
    assert (site / "en/sitemap.xml").is_file() and f"<loc>{BASE}en/{TECH}</loc>" in (site / "en/sitemap.xml").read_text()


def test_the_current_page_of_the_pager_is_no_link_without_href() -> None:
    from powerlist.site.pages import Here, Pager
    from powerlist.site.render import Templates

    macro = Templates().env.get_template("_macros.html").module.pager_nav
    out = str(macro(Pager("list/index.md", 3, 9, 200), Here("list/3/index.md")))
    assert '<span class="pl-current" aria-current="page">3</span>' in out
    assert re.findall(r"<a(?![^>]*href)[^>]*>", out) == []  # every link has somewhere to go


def test_the_language_switch_leads_to_the_same_page_and_back(browser, origin: str) -> None:  # noqa: F811
    v = Visit(browser, origin, TECH, width=375)
    v.page.click("a.pl-edition")
    v.page.wait_for_load_state("networkidle")
    assert v.page.url == f"{origin}/en/{TECH}"
    assert v.page.locator("html").get_attribute("lang") == "en"
    assert v.page.locator(".pl-summary dt").first.inner_text() == "Promised time limit"
    v.page.click("a.pl-edition")
    v.page.wait_for_load_state("networkidle")
    assert v.page.url == f"{origin}/{TECH}"
    assert v.errors == [] and v.foreign(origin) == []  # no theme script fetching sitemaps of the published host
    v.page.close()


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", [TECH, f"en/{TECH}"])
def test_on_a_phone_the_chart_is_shown_whole_with_a_way_to_the_full_size_drawing(browser, origin: str, width: int,  # noqa: F811
                                                                               path: str) -> None:
    v = Visit(browser, origin, path, width=width)
    img = v.page.locator("figure.pl-chart img")
    box = img.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width  # the whole drawing, title to end
    box_scroll = v.page.evaluate("(() => { const b = document.querySelector('.pl-chart-scroll');"
                                 " return b.scrollWidth - b.clientWidth; })()")
    assert box_scroll <= 1  # nothing hidden to the side
    zoom = v.page.locator(".pl-chart-zoom a")
    assert zoom.is_visible() and zoom.get_attribute("href") == "flowchart.svg"
    assert v.page.request.get(f"{origin}/{path}flowchart.svg").status == 200
    assert v.page.locator(".pl-steps li").count() > 3  # the steps list stays the text equivalent
    v.page.close()


@pytest.mark.parametrize("path", ["list/", TECH, "types/qr/", "supervision/", f"en/{TECH}"])
def test_on_a_desktop_lists_and_items_use_the_width_and_no_sidebar_stays_empty(browser, origin: str, path: str) -> None:  # noqa: F811
    v = Visit(browser, origin, path, width=1280)
    main = v.page.evaluate("document.querySelector('.md-content').getBoundingClientRect().width")
    assert main >= 900, main  # was 688 px beside an empty contents column
    empty = v.page.evaluate("""[...document.querySelectorAll('.md-sidebar')]
        .filter(s => s.getBoundingClientRect().width > 0 && getComputedStyle(s).display !== 'none')
        .filter(s => s.querySelectorAll('a').length === 0).length""")
    assert empty == 0
    if "list/" in path:  # a name reads on one line, not five characters at a time
        name = v.page.locator("td.pl-name a").first
        assert name.evaluate("e => e.getClientRects().length") == 1
    v.page.close()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("width", [320, 375, 1280])
def test_every_page_type_fits_and_passes_axe_in_both_modes(browser, origin: str, width: int, large: bool) -> None:  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    v = Visit(browser, origin, "supervision/", width=width)
    v.page.evaluate(f"localStorage.setItem('powerlist-large', '{1 if large else 0}')")
    problems = []
    for path in PAGE_TYPES:
        v.page.goto(f"{origin}/{path}")
        v.page.wait_for_load_state("load")
        v.page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert v.page.evaluate("document.documentElement.classList.contains('pl-large')") == large
        wide = v.page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append((path, "scrollWidth", wide))
        # every box that scrolls sideways can be reached and is named
        unreachable = v.page.evaluate("""[...document.querySelectorAll('.md-content *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
            .filter(e => e.tabIndex !== 0 || !e.getAttribute('aria-label') || e.getAttribute('role') !== 'region')
            .map(e => e.className)""")
        if unreachable:
            problems.append((path, "unreachable", unreachable))
        result = Axe().run(v.page)
        bad = [(x["id"], x["impact"]) for x in result.response["violations"]]
        if bad:
            problems.append((path, "axe", bad))
    assert problems == []
    v.page.close()


UNREACHABLE = """[...document.querySelectorAll('.md-content *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .filter(e => e.tabIndex !== 0 || !e.getAttribute('aria-label') || e.getAttribute('role') !== 'region')
    .map(e => e.className)"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["items/gaoxin-qiye-gengming-zhuanbao/", "changes/2026-11-26-tiaozheng/"])
def test_the_change_history_in_large_print_fits_or_scrolls_by_keyboard(browser, history_origin: str, path: str,  # noqa: F811
                                                                      width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{history_origin}/supervision/")
    page.evaluate("localStorage.setItem('powerlist-large', '1')")
    page.goto(f"{history_origin}/{path}", wait_until="load")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate("document.documentElement.classList.contains('pl-large')")
    assert page.locator("table.pl-diff").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(UNREACHABLE) == []
    result = Axe().run(page)
    assert [(x["id"], x["impact"]) for x in result.response["violations"]] == []
    if width < 1000:
        page.close()
        return
    # a change that cannot wrap makes the table wider than its column: the box becomes a named
    # stop in the Tab order, and the arrow keys scroll it
    page.evaluate("""(() => { const td = document.querySelector('table.pl-diff tbody td');
        td.textContent = 'https://example.org/' + 'x'.repeat(300); td.style.whiteSpace = 'nowrap'; })()""")
    page.evaluate("window.dispatchEvent(new Event('resize'))")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    box = page.locator(".pl-scroll:has(table.pl-diff)").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth + 1")
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    assert "可左右滚动" in box.get_attribute("aria-label")
    box.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.pl-scroll:has(table.pl-diff)').scrollLeft > 0")
    assert page.evaluate(UNREACHABLE) == []
    page.close()
