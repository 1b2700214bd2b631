"""The public site: a real `mkdocs build --strict` of the example data, served
on localhost and driven in real headless Chromium."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, edit, serve_root

TECH = "items/jishu-hetong-dengji/"


def copy_project(dest: Path) -> Path:
    for name in ("powers", "flows", "changes", "docs"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def mkdocs_build(project: Path, site: str = "site") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site],
                          cwd=project, env=env, capture_output=True, text=True)


def tree_digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    return project / "site"


@pytest.fixture(scope="session")
def origin(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Visit:
    """A page loaded in Chromium, with every request and console error seen."""

    def __init__(self, browser, origin: str, path: str, width: int = 1280) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.response = self.page.goto(origin + "/" + path)
        self.page.wait_for_load_state("networkidle")

    def foreign(self, origin: str) -> list[str]:
        own = urlsplit(origin).netloc
        return [u for u in self.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own]


PAGES = ["", "list/", TECH, "types/qr/", "units/", "supervision/", "items/keji-tepaiyuan-shenbao/", "downloads/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_or_foreign_requests(browser, origin: str, path: str) -> None:
    v = Visit(browser, origin, path)
    assert v.response is not None and v.response.status == 200
    assert v.errors == []
    assert v.foreign(origin) == []
    assert v.page.locator("html").get_attribute("lang") == "zh"
    v.page.close()


@pytest.mark.parametrize("path", ["", "list/", TECH, "types/qr/", "downloads/"])
def test_no_serious_accessibility_violation(browser, origin: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    v = Visit(browser, origin, path)
    result = Axe().run(v.page)
    bad = [(x["id"], x["impact"], len(x["nodes"])) for x in result.response["violations"]
           if x["impact"] in ("serious", "critical")]
    assert bad == []
    v.page.close()


@pytest.mark.parametrize("query,expected", [
    ("技术合同", "技术合同认定登记"),
    ("特派员", "科技特派员申报（选认）"),
    ("科技特派员", "科技特派员申报（选认）"),
    ("登记", "技术合同认定登记"),
    ("410802-QR-001", "技术合同认定登记"),
    ("qr-001", "技术合同认定登记"),
])
def test_list_filter_finds_items_by_any_part_of_name_or_code(browser, origin: str, query: str, expected: str) -> None:
    v = Visit(browser, origin, "list/")
    rows = v.page.locator("table.pl-list tbody tr")
    total = rows.count()
    v.page.fill("#pl-q", query)
    v.page.wait_for_function("document.getElementById('pl-count').textContent.startsWith('找到')")
    visible = [r.inner_text() for r in rows.all() if r.is_visible()]
    assert 0 < len(visible) < total
    assert any(expected in r for r in visible)
    # the rows that hold the query as typed come first; after them, those found by a synonym (登记: 备案)
    # or by the names of their results and forms (登记: 技术合同登记证明)
    holding = [query.lower() in r.lower() for r in visible]
    assert holding[0] and holding == sorted(holding, reverse=True)
    v.page.close()


def test_list_filter_by_type_and_unit(browser, origin: str) -> None:
    v = Visit(browser, origin, "list/")
    v.page.select_option("#pl-type", "行政处罚")
    names = [r.inner_text() for r in v.page.locator("table.pl-list tbody tr").all() if r.is_visible()]
    assert len(names) == 1 and all("行政处罚" in n for n in names)
    v.page.select_option("#pl-type", "")
    v.page.select_option("#pl-unit", "节能监察股")
    assert v.page.locator("#pl-count").inner_text() == "找到 2 项（共 17 项）"
    v.page.close()


def test_home_search_form_leads_to_the_filtered_list(browser, origin: str) -> None:
    v = Visit(browser, origin, "")
    v.page.fill("#pl-home-q", "特派员")
    v.page.click(".pl-search button")
    v.page.wait_for_url("**/list/?q=*")
    v.page.wait_for_function("document.getElementById('pl-count').textContent.startsWith('找到')")
    assert v.page.locator("#pl-count").inner_text() == "找到 1 项（共 17 项）"
    v.page.close()


def test_item_page_content(browser, origin: str, site: Path, tmp_path: Path) -> None:
    v = Visit(browser, origin, TECH)
    text = v.page.locator("article").inner_text()
    for fact in ("技术合同认定登记", "受理条件", "申请材料", "技术合同文本", "流程步骤", "承诺办结时限",
                 "按本局通用流程核验", "最多 1 次", "不收费", "0391-2925801", "责任事项", "追责情形"):
        assert fact in text, fact
    # headings in 办事指南 order
    heads = v.page.locator("article h2").all_inner_texts()
    assert heads[:4] == ["基本信息", "设定和实施依据", "受理条件", "申请材料"]
    assert heads.index("办理流程") < heads.index("办理时限与承诺") < heads.index("收费")
    # the chart: a loaded image with alt text, linked to the SVG file (text selectable, zoomable)
    img = v.page.locator(".pl-chart img")
    assert img.get_attribute("src") == "flowchart.svg" and "运行流程图" in img.get_attribute("alt")
    assert img.evaluate("i => i.complete && i.naturalWidth > 300")
    svg = (site / TECH / "flowchart.svg").read_text(encoding="utf-8")
    assert 'role="img"' in svg and "补正材料" in svg and "监督电话 0391-2921000" in svg
    # the legal text is collapsible and there
    assert v.page.locator("details summary", has_text="技术合同认定登记管理办法").count() == 1
    assert v.page.locator("a.md-content__button").count() == 0  # no edit icon unless the site turns it on
    # schema.org JSON-LD
    ld = json.loads(v.page.locator("script[type='application/ld+json']").inner_text())
    assert ld["@type"] == "GovernmentService" and ld["name"] == "技术合同认定登记"
    assert ld["provider"]["name"] == "焦作市解放区科学技术和工业信息化局"
    shots = Path(os.environ.get("PL_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        w = Visit(browser, origin, TECH, width=width)
        w.page.screenshot(path=str(shots / f"jishu-hetong-dengji-{width}.png"), full_page=True)
        assert w.page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways page scroll
        w.page.close()
    v.page.close()


def test_item_pages_stay_out_of_the_navigation(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "items/jishu-hetong-dengji/" not in home.split('class="md-nav')[1].split("</nav>")[0]


def test_no_reference_to_another_host_in_the_built_files(site: Path) -> None:
    allowed = ("https://jiefangqu-kegongju.github.io/powerlist/", "https://github.com/jiefangqu-kegongju/", "https://schema.org", "http://www.w3.org/",
               "https://www.ctex.cn/", "https://www.innocom.gov.cn/", "https://www.hnzwfw.gov.cn/", "https://kjj.jiaozuo.gov.cn/", "https://kjxzxqy.chinatorch.org.cn/",
               "https://www.tech110.net/", "https://beian.miit.gov.cn/")
    import re

    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'(?:src|href)="(https?://[^"]+)"', text):
            url = m.group(1)
            assert url.startswith(allowed), (path, url)
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_same_input_builds_byte_identical_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert mkdocs_build(project, "a").returncode == 0
    assert mkdocs_build(project, "warm").returncode == 0  # charts, BPMN and JSON-LD from the cache
    shutil.rmtree(project / ".cache")  # the third build makes everything again
    assert mkdocs_build(project, "b").returncode == 0
    assert tree_digest(project / "a") == tree_digest(project / "b") == tree_digest(project / "warm")


def test_a_warm_build_remakes_the_standard_files_of_a_changed_item(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert mkdocs_build(project).returncode == 0
    edit(project / "powers/jishu-hetong-dengji.yaml", "name: 技术合同认定登记", "name: 技术合同认定登记（改）")
    assert mkdocs_build(project).returncode == 0
    for name in ("flow.bpmn", "service.jsonld"):
        assert "技术合同认定登记（改）" in (project / "site/items/jishu-hetong-dengji" / name).read_text(encoding="utf-8")
    # and the downloads' zips hold the item's files as its page has them
    import zipfile

    for zipped, name, suffix in (("liucheng-bpmn.zip", "flow.bpmn", ".bpmn"), ("fuwu-cpsv-ap.zip", "service.jsonld", ".jsonld")):
        with zipfile.ZipFile(project / "site/downloads" / zipped) as z:
            assert z.read(f"jishu-hetong-dengji{suffix}") == (project / "site/items/jishu-hetong-dengji" / name).read_bytes()


def test_check_error_fails_the_build_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert mkdocs_build(project).returncode == 0
    before = tree_digest(project / "site")
    edit(project / "powers/jishu-hetong-dengji.yaml", "promised: 7 个工作日", "promised: 31 日")
    proc = mkdocs_build(project)
    assert proc.returncode == 1
    assert "权责清单检查未通过" in proc.stderr
    assert "powers/jishu-hetong-dengji.yaml" in proc.stderr and "[PL401]" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert tree_digest(project / "site") == before


def test_url_fields_accept_only_http(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    edit(project / "powers/jishu-hetong-dengji.yaml", "url: https://www.ctex.cn/", "url: javascript:alert(1)")
    proc = mkdocs_build(project)
    assert proc.returncode == 1 and "网址只接受以 http:// 或 https:// 开头" in proc.stderr


HOSTILE = {
    "name: 技术合同认定登记": 'name: "</title><script>alert(1)</script>技术合同"',
    "  location: 解放区行政服务中心二楼 科工局综合窗口": '  location: "<img src=x onerror=alert(2)> **粗体** [链接](javascript:alert(3))"',
    "    - q: 口头约定的技术合同可以登记吗？": '    - q: "{{ config.site_name }} {% raw %} ${x} &amp; &lt;b&gt;"',
    "    content: 向当事人发放技术合同登记证明，或在合同文本上注明“未予登记”后退还。":
        "    content: '</div></td></table><h1>伪造</h1><!-- ` | # > 引用'",
}


def test_hostile_text_shows_literally(browser, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    f = project / "powers/jishu-hetong-dengji.yaml"
    for old, new in HOSTILE.items():
        edit(f, old, new)
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    page_html = (project / "site" / TECH / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page_html and "<img src=x" not in page_html and "<h1>伪造" not in page_html
    v = Visit(browser, (project / "site").as_uri(), TECH + "index.html")
    text = v.page.locator("article").inner_text()
    assert "</title><script>alert(1)</script>技术合同" in text
    assert v.page.title().startswith("</title><script>alert(1)</script>技术合同 - ")
    assert "</title><script>alert(1)</script>技术合同" in v.page.locator(".md-header__topic").last.inner_text()
    assert "<img src=x onerror=alert(2)> **粗体** [链接](javascript:alert(3))" in text
    assert "{{ config.site_name }} {% raw %} ${x} &amp; &lt;b&gt;" in text
    assert "</div></td></table><h1>伪造</h1><!-- ` | # > 引用" in text
    assert v.dialogs == []
    assert v.page.locator("article img:not([src='flowchart.svg'])").count() == 0  # only the chart
    assert v.page.locator("article h1").count() == 1
    v.page.close()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_rebuilds_when_an_item_changes(tmp_path: Path) -> None:
    import time
    import urllib.request

    project = copy_project(tmp_path / "p")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}{serve_root()}/{TECH}"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 90
        while "技术合同认定登记" not in page():
            assert time.monotonic() < deadline and proc.poll() is None, "mkdocs serve did not start"
            time.sleep(0.5)
        edit(project / "powers/jishu-hetong-dengji.yaml", "name: 技术合同认定登记", "name: 技术合同认定登记（已修改）")
        while "技术合同认定登记（已修改）" not in page():
            assert time.monotonic() < deadline, "the change in powers/ was not picked up"
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_footer_shows_the_filing_numbers_when_configured(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    edit(project / "powers/_site.yaml", "footer:\n", "footer:\n  site_code: \"4108020001\"\n  icp: 豫ICP备00000000号\n"
         "  psb: 豫公网安备 41080202000000号\n")
    assert mkdocs_build(project).returncode == 0
    html = (project / "site/index.html").read_text(encoding="utf-8")
    footer = html.split('class="md-copyright"')[1]
    for text in ("网站标识码：4108020001", "豫ICP备00000000号", "豫公网安备 41080202000000号", "主办单位：焦作市解放区科学技术和工业信息化局"):
        assert text in footer


def test_print_layout_hides_navigation_and_opens_legal_texts(browser, origin: str) -> None:
    v = Visit(browser, origin, TECH)
    v.page.emulate_media(media="print")
    assert not v.page.locator(".md-sidebar--primary").is_visible()
    assert not v.page.locator(".md-header").is_visible()
    assert v.page.locator(".pl-chart-part img").first.is_visible()  # the chart, in parts legible on paper
    v.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert v.page.locator("details[open]").count() == v.page.locator("details").count() > 0
    pdf = v.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    v.page.close()


def test_downloads_page_offers_the_files_with_their_sizes(browser, origin: str, site: Path) -> None:
    """数据下载: linked from the home and list pages; every file downloads,
    its size as shown, and opens as what it says it is."""
    from python_calamine import CalamineWorkbook

    for path in ("", "list/"):
        v = Visit(browser, origin, path)
        assert v.page.get_by_role("link", name="数据下载").first.get_attribute("href")
        v.page.close()
    v = Visit(browser, origin, "downloads/")
    rows = v.page.locator("table.pl-downloads tbody tr")
    assert rows.count() == 3
    for i in range(3):
        link = rows.nth(i).locator("a")
        name = link.inner_text()
        with v.page.expect_download() as info:
            link.click()
        data = Path(info.value.path()).read_bytes()
        assert data == (site / "downloads" / name).read_bytes()
        shown = rows.nth(i).locator("td").nth(2).inner_text()
        assert shown == f"{len(data) / 1024:.1f} KB"
        if name.endswith(".xlsx"):
            out = Path(info.value.path()).with_suffix(".xlsx")
            out.write_bytes(data)
            assert CalamineWorkbook.from_path(str(out)).sheet_names == ["权责清单", "办事指南", "运行流程", "已取消事项"]
        elif name.endswith(".csv"):
            assert data.startswith(b"\xef\xbb\xbf") and "技术合同认定登记" in data.decode("utf-8-sig")
        else:
            assert json.loads(data)["format"] == "powerlist-export"
    assert v.page.get_by_role("heading", name="权责清单的字段").is_visible()
    v.page.close()


# --- finding items (issue 13, points 1-2) ------------------------------------------

def _search(v: "Visit", query: str) -> tuple[str, list[str]]:
    v.page.fill("#pl-q", query)
    v.page.wait_for_function("!document.getElementById('pl-count').textContent.startsWith('正在')")
    names = [r.locator("td.pl-name").inner_text() for r in v.page.locator("table.pl-list tbody tr").all()]
    return v.page.locator("#pl-count").inner_text(), names


@pytest.mark.parametrize("query, first", [
    ("特派申报", "科技特派员申报（选认）"),  # characters not next to each other
    ("kejitepaiyuan", "科技特派员申报（选认）"),  # whole pinyin
    ("KJTPY", "科技特派员申报（选认）"),  # initials, any case
    ("技術合同", "技术合同认定登记"),  # traditional characters
    ("qr-001", "技术合同认定登记"),  # a code fragment in any case
    ("技术 登记", "技术合同认定登记"),  # several words, all must match
])
def test_search_finds_what_people_type(browser, origin: str, query: str, first: str) -> None:
    v = Visit(browser, origin, "list/")
    count, names = _search(v, query)
    assert names and names[0] == first, (query, names)
    assert count == f"找到 {len(names)} 项（共 17 项）"
    assert v.errors == [] and v.foreign(origin) == []
    v.page.close()


def test_search_ranks_a_name_that_starts_with_the_query_first(browser, origin: str) -> None:
    v = Visit(browser, origin, "list/")
    _, names = _search(v, "科技")
    starts = [n.startswith("科技") for n in names]
    assert starts == sorted(starts, reverse=True) and starts[0] and not starts[-1], names
    v.page.close()


def test_the_query_type_and_unit_survive_a_reload_and_nothing_found_says_so(browser, origin: str) -> None:
    v = Visit(browser, origin, "list/")
    v.page.select_option("#pl-unit", "科技创新股")
    count, _ = _search(v, "没有这种事项")
    assert count == "找到 0 项（共 17 项）"
    assert "未找到与“没有这种事项”相符的事项。" in v.page.locator("#pl-none").inner_text()
    assert "kjtpy" in v.page.locator("#pl-none").inner_text()
    url = v.page.url
    assert "q=%E6%B2%A1" in url and "unit=%E7%A7%91" in url
    v.page.reload()
    v.page.wait_for_function("document.getElementById('pl-count').textContent.startsWith('找到')")
    assert v.page.input_value("#pl-q") == "没有这种事项" and v.page.input_value("#pl-unit") == "科技创新股"
    v.page.fill("#pl-q", "")
    v.page.select_option("#pl-unit", "")
    assert v.page.locator("#pl-count").inner_text() == "共 17 项" and v.page.url.endswith("/list/")
    v.page.close()


def test_no_filtering_in_the_middle_of_an_input_method_composition(browser, origin: str) -> None:
    v = Visit(browser, origin, "list/")
    v.page.dispatch_event("#pl-q", "compositionstart")
    v.page.fill("#pl-q", "ke")
    v.page.wait_for_timeout(100)
    assert v.page.locator("#pl-count").inner_text() == "共 17 项"  # the pinyin being typed is not a query yet
    v.page.fill("#pl-q", "科技")
    v.page.dispatch_event("#pl-q", "compositionend")
    v.page.wait_for_function("document.getElementById('pl-count').textContent.startsWith('找到')")
    v.page.close()


@pytest.fixture(scope="module")
def long_list(tmp_path_factory: pytest.TempPathFactory):
    """A generated list of 250 items, built and served."""
    from benchmarks.run import generate

    project = copy_project(tmp_path_factory.mktemp("long"))
    shutil.rmtree(project / "powers")
    shutil.rmtree(project / "changes")  # the example's notices name the example's items
    generate(project / "gen", 250)
    shutil.move(str(project / "gen/powers"), str(project / "powers"))
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr[-2000:]
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield project / "site", f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_long_list_is_paged_and_works_without_javascript(browser, long_list) -> None:
    site, origin = long_list
    assert sorted(p.parent.name for p in (site / "list").glob("*/index.html")) == ["2", "3"]
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(origin + "/list/")
    rows = page.locator("table.pl-list tbody tr")
    assert rows.count() == 100 and rows.first.locator("td").first.inner_text() == "1"
    assert page.locator(".pl-pager").inner_text().startswith("第 1 页，共 3 页")
    page.click(".pl-pager a[rel=next]")
    assert page.url.endswith("/list/2/") and page.locator("table.pl-list tbody tr").first.locator("td").first.inner_text() == "101"
    assert page.locator("h1").inner_text() == "权责清单（第 2 页）"
    page.close()


def test_a_search_in_a_long_list_shows_fifty_then_more(browser, long_list) -> None:
    _, origin = long_list
    v = Visit(browser, origin, "list/?type=行政处罚")
    v.page.wait_for_function("document.getElementById('pl-count').textContent.startsWith('找到')")
    count = int(v.page.locator("#pl-count").inner_text().split(" ")[1])
    assert count > 100 and v.page.locator("table.pl-list tbody tr").count() == 50
    assert v.page.locator(".pl-pager").is_hidden()
    v.page.click("button.pl-more")
    assert v.page.locator("table.pl-list tbody tr").count() == 100
    assert v.errors == []
    v.page.close()


def _ranked(entries, query: str, retired=(), english: dict | None = None, gone: bool = False) -> list[int]:
    """The list's ranking rules, written plainly over whole names: the
    items (site order, 0-based) that `query` finds, best first (with `gone`,
    the cancelled and merged items it finds, numbered after the current)."""
    import unicodedata

    from powerlist.outputs.search import _pair, initial, others, readings, synonym_groups, traditional
    from powerlist.core.textrules import letters

    everyone = list(entries) + list(retired)
    names = [letters(x.item.name) for x in everyone]
    other = [others(x) for x in everyone]
    chars = {c for n in names for c in n} | {c for o in other for t in o for c in t}
    t2s = traditional(chars)
    syls = {_pair(c)[0] for c in chars if _pair(c)[0]}  # the syllables the characters are read as
    syls |= {r for n in names for c in n for r in readings(c)[1:]}  # and the other readings of the names' characters
    starts = {s[0] for s in syls}
    pairs = {initial(n[p]) + initial(n[p + 1]) for n in names for p in range(len(n) - 1) if initial(n[p]) and initial(n[p + 1])}
    groups = synonym_groups()
    WIDE = 6
    words = "".join(t2s.get(c, c) for c in unicodedata.normalize("NFKC", query)).lower().split()

    def sounds(c: str) -> set[str]:
        return set(readings(c))

    def spelt(name: str, w: str) -> bool:
        """pinyin from the start of a syllable; the last one may be incomplete
        (only its first letter, the initial of the next character, while it
        could still be more than WIDE syllables)"""
        read = [[r for r in readings(c) if r in syls] or ([c] if c.isascii() else []) for c in name]

        def at(k: int, rest: str, first: bool) -> bool:
            while k < len(name) and not read[k] and not first:  # a character without a reading is passed over
                k += 1
            if k >= len(name):
                return False
            for r in read[k]:
                if rest == r or (rest.startswith(r) and at(k + 1, rest[len(r):], False)):
                    return True
                wide = len([s for s in syls if s.startswith(rest)]) > WIDE
                if r.startswith(rest) and not wide:
                    return True
            return False

        return any(read[k] and (at(k, w, True) or loose(name, read, k, w)) for k in range(len(name)))

    def loose(name, read, k, w) -> bool:
        """w = whole syllables from k to j, then a rest wider than WIDE whose
        first letter is the initial of the character after j"""
        def go(p: int, rest: str) -> bool:
            while p < len(name) and not read[p] and p > k:
                p += 1
            if p >= len(name):
                return False
            for r in read[p]:
                if rest.startswith(r) and len(rest) > len(r):
                    tail = rest[len(r):]
                    if (len([s for s in syls if s.startswith(tail)]) > WIDE and p + 1 < len(name)
                            and initial(name[p + 1]) == tail[0] and initial(name[p]) == r[0]):
                        return True
                    if go(p + 1, tail):
                        return True
            return False
        return go(k, w)

    def initialled(name: str, w: str) -> bool:
        if not all(c in starts for c in w):
            return False
        if len(w) > 1 and not all(w[o:o + 2] in pairs for o in [*range(0, len(w) - 1, 2), len(w) - 2]):
            return False
        ini = "".join(initial(c) or "\0" for c in name)
        return w in ini

    def parts(w: str) -> list[list[str]] | None:
        syn_max = max(len(t) for g in groups for t in g)
        out, rest, k, hit = [], "", 0, False
        while k < len(w):
            for n in range(min(syn_max, len(w) - k), 1, -1):
                alts = sorted({t for g in groups if w[k:k + n] in g for t in g})
                if alts:
                    break
            else:
                rest, k = rest + w[k], k + 1
                continue
            if rest:
                out.append([rest])
                rest = ""
            out.append(alts)
            hit, k = True, k + n
        if rest:
            out.append([rest])
        return [[t for t in alts if all(c in chars for c in t)] for alts in out] if hit else None

    def score(word: str, i: int) -> int | None:
        x, name, texts = everyone[i], names[i], other[i]
        w, ascii = letters(word), word.isascii()
        found = []
        if w and name.startswith(w):
            found.append(0)
        if w and w in name:
            found.append(1)
        if word in (x.item.code or "").lower():
            found.append(2)
        if ascii and w and (spelt(name, w) or initialled(name, w)):
            found.append(3)
        it = iter(name)
        if not ascii and len(w) > 1 and all(c in it for c in w):  # its characters in order
            found.append(4)
        if not ascii and len(w) > 1 and any(all(name[p + k] == c or sounds(name[p + k]) & sounds(c) for k, c in enumerate(w))
                                            for p in range(len(name) - len(w) + 1)):
            found.append(5)
        ps = parts(w) if not ascii and len(w) > 1 else None
        if ps and all(any(t in name for t in alts) for alts in ps):
            found.append(6)
        if w and all(c in chars for c in w) and any(w in t for t in texts):
            found.append(7)
        if ps and all(any(t in o for o in texts for t in alts) for alts in ps):
            found.append(7)
        if i >= len(entries):
            found = [f for f in found if f in (0, 1, 5)]
        return min(found) if found else None

    ranked = []
    for i in (range(len(entries), len(everyone)) if gone else range(len(entries))):
        scores = [score(word, i) for word in words]
        if None not in scores:
            ranked.append((sum(scores), i))
    return [i for _, i in sorted(ranked)]


SEARCHES = ["科技", "特派申报", "kjtpy", "kejitep", "kejitepaiyuan", "jishu", "技術合同", "qr-00", "CF-0001", "节能 处罚",
            "处罚 用能", "生产", "产生", "经营单位", "按未", "k", "zh", "sc", "shengchan", "a", "没有这种事项", "1", "410802",
            "用 用", "研发补贴", "登记证书", "技术合同登记证明", "科技特排", "节能出罚", "kejitepai", "xingzh", "jsht", "ji", "keji",
            "高企 推荐", "项目备案"]


def test_search_results_follow_the_ranking_rules_over_the_whole_list(browser, long_list) -> None:
    """The page finds from shards what the rules find over whole names: the
    same items, in the same order, and the same count."""
    from powerlist.core.catalog import load_catalog
    from powerlist.view.item import in_site_order

    site, origin = long_list
    entries = in_site_order(load_catalog(site.parent / "powers", site.parent / "flows"))
    v = Visit(browser, origin, "list/")
    for query in SEARCHES:
        expected = _ranked(entries, query)
        v.page.fill("#pl-q", query)
        v.page.wait_for_function("document.getElementById('pl-filter').getAttribute('data-drawn') === "
                                 "document.getElementById('pl-q').value")
        numbers = [int(n) for n in v.page.locator("table.pl-list tbody tr td:first-child").all_inner_texts()]
        assert numbers == [i + 1 for i in expected[:50]], query
        assert v.page.locator("#pl-count").inner_text() == f"找到 {len(expected)} 项（共 250 项）", query
        # each row as the list's own pages show it, from the page's HTML or from the index
        shown = v.page.eval_on_selector_all("table.pl-list tbody tr", "rows => rows.map(r => [r.cells[1].textContent, "
                                            "r.cells[2].textContent, r.cells[2].querySelector('a').href, r.cells[3].textContent])")
        assert shown == [[entries[i].item.code, entries[i].item.name, f"{origin}/items/{entries[i].id}/", entries[i].type_name]
                         for i in expected[:50]], query
    assert 0 < len(_ranked(entries, "科技")) < 250 and _ranked(entries, "没有这种事项") == []
    assert v.errors == []
    v.page.close()


def test_a_query_loads_only_the_index_files_it_needs(browser, long_list) -> None:
    """科技 needs the head, the shards of 科 (ke) and 技 (ji) and the rows it
    shows; a code needs the codes; all asked for with the build's stamp."""
    from powerlist.core.catalog import load_catalog
    from powerlist.view.item import in_site_order

    site, origin = long_list
    entries = in_site_order(load_catalog(site.parent / "powers", site.parent / "flows"))
    stamp = Visit(browser, origin, "list/").page.locator("#pl-filter").get_attribute("data-index").split("?")[1]
    from powerlist.outputs.search import letters, readings, syllable

    chars = {c for x in entries for c in letters(x.item.name)}
    alike = {f"s/{syllable(c)}.js" for c in chars if set(readings(c)) & {"ke", "ji"}}  # read as 科 or 技 may be
    sounds = {f"y/{(ord(c) - 0x4E00) // 512}.js" for c in "科技"}  # the readings of the query's characters
    synonym = {f"s/{syllable(c)}.js" for c in "科学技术"}  # 科技's synonym
    for query, needs, may in (("科技", {"s/ke.js", "s/ji.js"} | sounds, alike | synonym), ("qr-00", {"codes.js"}, set())):
        v = Visit(browser, origin, f"list/?q={query}")
        v.page.wait_for_function("document.getElementById('pl-count').textContent.startsWith('找到')")
        asked = [u.split("/search/")[1] for u in v.requests if "/search/" in u]
        assert all(a.endswith("?" + stamp) for a in asked)
        # the rows shown (and the next ones), but for those of the list's first page, which is in the HTML
        shown, after = ({f"r/{i // 20}.js" for i in _ranked(entries, query)[:n] if i >= 100} for n in (50, 100))
        assert {"index.js"} | needs | shown <= {a.split("?")[0] for a in asked} <= {"index.js"} | needs | may | after
        v.page.close()
    # results that are all on the list's first page are drawn from its HTML: no rows are loaded
    first = [i for i, x in enumerate(entries) if x.type_name == "行政许可"]
    assert 0 < len(first) and max(first) < 100
    v = Visit(browser, origin, "list/?type=行政许可")
    v.page.wait_for_function("document.getElementById('pl-count').textContent.startsWith('找到')")
    assert v.page.locator("#pl-count").inner_text() == f"找到 {len(first)} 项（共 250 项）"
    assert [u for u in v.requests if "/search/r/" in u] == []
    v.page.close()


@pytest.mark.parametrize("width, height", [(1280, 1400), (375, 1000)])
def test_a_keystroke_draws_the_rows_in_view_at_once_and_the_rest_after(browser, long_list, width: int, height: int) -> None:
    """Right after a keystroke every row in view answers it (none is left
    from the query before); the rows below follow, all fifty of them."""
    from powerlist.core.catalog import load_catalog
    from powerlist.view.item import in_site_order

    site, origin = long_list
    entries = in_site_order(load_catalog(site.parent / "powers", site.parent / "flows"))
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{origin}/list/")
    queries = ("生", "生产", "处罚 用能")
    for query in queries + ("zh",):  # the files these need, loaded: each keystroke below is answered at once
        page.fill("#pl-q", query)
        page.wait_for_function("(q) => document.getElementById('pl-filter').getAttribute('data-drawn') === q", arg=query)
    for query in queries:
        in_view = page.evaluate("""(query) => {
            const q = document.getElementById('pl-q');
            q.value = query;
            q.dispatchEvent(new Event('input'));
            return [...document.querySelectorAll('table.pl-list tbody tr')]
                .filter(r => r.getBoundingClientRect().top < innerHeight).map(r => Number(r.cells[0].textContent));
        }""", query)
        expected = [i + 1 for i in _ranked(entries, query)[:50]]
        assert in_view and in_view == expected[:len(in_view)], query
        page.wait_for_function("(q) => document.getElementById('pl-filter').getAttribute('data-drawn') === q", arg=query)
        assert [int(n) for n in page.locator("table.pl-list tbody tr td:first-child").all_inner_texts()] == expected
    page.close()


def test_an_index_file_that_cannot_be_loaded_is_reported(browser, long_list) -> None:
    _, origin = long_list
    page = browser.new_page()
    page.route("**/search/s/ke.js*", lambda route: route.abort())
    page.goto(f"{origin}/list/?q=科技")
    page.wait_for_function("document.getElementById('pl-count').textContent.includes('失败')")
    assert page.locator("#pl-count").inner_text() == "清单索引载入失败，请刷新页面重试；也可以按页浏览。"
    assert page.locator("table.pl-list tbody tr").count() == 100  # the first page of the list stays
    page.close()


def test_every_page_is_in_the_sitemap_with_a_canonical_link_and_staff_pages_are_off_the_public_nav(site: Path) -> None:
    import xml.etree.ElementTree as ET

    base = "https://jiefangqu-kegongju.github.io/powerlist/"
    locs = {e.text for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {base + p.parent.relative_to(site).as_posix() + "/" if p.parent != site else base
             for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("en/")}
    assert locs == {u.replace("/./", "/") for u in pages}  # the English edition (en/) has a sitemap of its own
    html = (site / "items/jishu-hetong-dengji/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}items/jishu-hetong-dengji/">' in html
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "编写指南" not in home and "检查规则" not in home  # staff pages are built, not in the public nav
    assert (site / "guide/index.html").is_file() and (site / "guide/rules/index.html").is_file()
    assert "md-content__button" not in html  # no edit icon on public pages unless a site turns it on


@pytest.mark.parametrize("width", [320, 375])
def test_no_page_is_wider_than_a_phone(browser, site: Path, origin: str, width: int) -> None:
    paths = [""] + sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("*/index.html")) + \
        sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("items/*/index.html"))
    page = browser.new_page(viewport={"width": width, "height": 800})
    wide = []
    for path in paths:
        page.goto(f"{origin}/{path}")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            wide.append(path)
    assert wide == [] and len(paths) > 20
    page.close()


# the chart prints legibly (8 pt or more), in parts of a page each: a tall chart takes pages of its own
@pytest.mark.parametrize("item, most", [("jishu-hetong-dengji", 5), ("guandao-baohu-shigong-xuke", 5), ("kexue-jishu-jiang", 4)])
def test_an_item_prints_as_a_short_notice(browser, origin: str, item: str, most: int) -> None:
    import re

    page = browser.new_page()
    page.goto(f"{origin}/items/{item}/")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    head = page.locator(".pl-print-head")
    assert head.is_visible() and f"/items/{item}/" in head.inner_text() and "打印日期：20" in head.inner_text()
    for hidden in ["figcaption", "h2#duties", "h2#basis", ".pl-crumbs", ".md-header"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("h2#materials").count() == 0 or page.locator("h2#materials").is_visible()
    assert page.locator("h2#flow").is_visible() and page.locator(".pl-summary").is_visible()
    pdf = page.pdf(format="A4")
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= most
    page.close()


@pytest.mark.parametrize("item", ["keji-tepaiyuan-shenbao", "guandao-baohu-shigong-xuke", "keji-chengguo-dengji"])
def test_the_chart_prints_legibly_on_a4_in_parts(browser, origin: str, site: Path, item: str) -> None:
    """On A4 the chart's smallest text is 8 pt or more (issue 25: it printed at about 4 pt): it prints
    at its own size, shrunk only to the page's width, in parts that each fit a page. Measured in
    Chromium's print layout: the SVG's smallest font size × the scale the printed image is drawn at."""
    import re

    svg = (site / f"items/{item}/flowchart.svg").read_text(encoding="utf-8")
    width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))
    smallest = min(float(x) for x in re.findall(r'font-size="([0-9.]+)"', svg))
    page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 px per inch
    page.goto(f"{origin}/items/{item}/")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".pl-chart").is_hidden()
    parts = page.locator(".pl-chart-part")
    assert parts.count() >= 1
    page_height = (297 - 30) / 25.4 * 96  # A4 less the 15 mm margins, in CSS px
    shown = 0.0
    for i in range(parts.count()):
        part, img = parts.nth(i).bounding_box(), parts.nth(i).locator("img").bounding_box()
        assert img["width"] <= (210 - 24) / 25.4 * 96 + 0.5  # within the page's width
        points = smallest * img["width"] / (width * 4 / 3)  # the SVG's points, as printed
        assert points >= 8, (item, i, points)
        assert part["height"] <= page_height, (item, i)
        shown += part["height"]
    assert abs(shown - img["height"]) < 2  # the parts together show the whole chart, once
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert parts.count() <= pages <= parts.count() + 3, (item, pages)
    page.close()


def test_the_closed_drawer_takes_no_tab_stop_and_the_menu_opens_by_keyboard(browser, origin: str) -> None:
    v = Visit(browser, origin, "items/jishu-hetong-dengji/", width=375)
    visible = "(() => { const e = document.activeElement; const r = e.getBoundingClientRect();" \
              " return r.width > 0 && r.right > 0 && r.left < innerWidth; })()"
    stops = []
    for _ in range(12):
        v.page.keyboard.press("Tab")
        stops.append((v.page.evaluate("document.activeElement.outerHTML.slice(0, 60)"), v.page.evaluate(visible)))
    assert all(seen for _, seen in stops), [s for s, seen in stops if not seen]
    menu = v.page.locator("button.pl-menu")
    menu.focus()
    assert menu.get_attribute("aria-expanded") == "false"
    v.page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    inside = False
    for _ in range(4):  # past the header's other buttons, into the open drawer
        v.page.keyboard.press("Tab")
        inside = inside or v.page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    assert inside
    v.page.close()


@pytest.mark.parametrize("path", ["", "list/", TECH])
def test_the_large_print_mode_persists_and_stays_accessible(browser, origin: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    v = Visit(browser, origin, "supervision/", width=375)
    v.page.click(".pl-large-toggle")
    assert v.page.evaluate("document.documentElement.classList.contains('pl-large')")
    v.page.goto(f"{origin}/{path}")
    v.page.wait_for_load_state("networkidle")
    toggle = v.page.locator(".pl-large-toggle")
    assert v.page.evaluate("document.documentElement.classList.contains('pl-large')")  # remembered on the next page
    assert toggle.get_attribute("aria-pressed") == "true" and toggle.inner_text() == "标准版"
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 375
    result = Axe().run(v.page)
    assert [(x["id"], x["impact"]) for x in result.response["violations"]] == [], path
    toggle.click()
    assert not v.page.evaluate("document.documentElement.classList.contains('pl-large')")
    v.page.close()


def test_a_missing_page_says_so_in_chinese_with_ways_back(site: Path) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "404 - Not found" not in html and "<h1>页面不存在</h1>" in html
    assert '<a href="/powerlist/list/">在权责清单中查找事项</a>' in html


def test_verdicts_are_explained_for_citizens(site: Path) -> None:
    item = (site / "items/jishu-hetong-dengji/index.html").read_text(encoding="utf-8")
    assert "✓ 按本局通用流程核验" in item and '<a href="../../verification/">核验是怎么做的</a>' in item
    page = (site / "verification/index.html").read_text(encoding="utf-8")
    assert "承诺是怎样核验的" in page and "只是无法证明不超时" in page


def _json_ld(html_text: str) -> list[dict]:
    import re

    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html_text, re.S)]


def test_home_and_list_describe_themselves_in_json_ld_and_the_tab_names_the_site_once(site: Path) -> None:
    base = "https://jiefangqu-kegongju.github.io/powerlist/"
    home = (site / "index.html").read_text(encoding="utf-8")
    web = next(d for d in _json_ld(home) if d["@type"] == "WebSite")
    assert web["url"] == base and web["potentialAction"]["@type"] == "SearchAction"
    assert web["potentialAction"]["target"] == base + "list/?q={search_term_string}"
    assert "<title>解放区科工局 权责清单</title>" in home
    listing = next(d for d in _json_ld((site / "list/index.html").read_text(encoding="utf-8")) if d["@type"] == "ItemList")
    rows = listing["itemListElement"]
    assert listing["numberOfItems"] == len(rows) == 17
    assert [r["position"] for r in rows] == list(range(1, 18))
    assert all(r["url"].startswith(base + "items/") and (site / r["url"][len(base):] / "index.html").is_file() for r in rows)


@pytest.mark.parametrize("width", [375, 1280])
def test_skip_link_and_footer_links_from_a_deep_page(browser, origin: str, width: int) -> None:
    v = Visit(browser, origin, TECH, width)
    skip = v.page.locator("a.md-skip")
    assert skip.inner_text() == "跳到正文" and skip.get_attribute("href") == "#top"
    v.page.keyboard.press("Tab")
    assert v.page.evaluate("document.activeElement.classList.contains('md-skip')")
    v.page.keyboard.press("Enter")
    assert v.page.url.endswith("#top")
    v.page.locator(".md-copyright a", has_text="网站地图").click()
    v.page.wait_for_load_state()
    assert v.page.url == f"{origin}/sitemap/" and v.page.locator("h1").inner_text() == "网站地图"
    links = v.page.locator(".pl-sitemap a").all_inner_texts()
    assert {"行政许可", "行政处罚", "科技创新股", "调整公告", "数据下载"} <= set(links)
    assert v.page.evaluate("document.documentElement.scrollWidth") <= width
    v.page.locator(".md-copyright a", has_text="联系我们").click()
    v.page.wait_for_load_state()
    assert v.page.url == f"{origin}/supervision/"
    v.page.close()


def test_the_footer_carries_the_government_website_mark_when_configured(tmp_path: Path) -> None:
    import re
    import struct
    import zlib

    project = copy_project(tmp_path / "p")
    (project / "docs/assets").mkdir()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\xcc\x00\x00")) + chunk(b"IEND", b""))
    (project / "docs/assets/dangzheng.png").write_bytes(png)
    edit(project / "powers/_site.yaml", "  organizer: 焦作市解放区科学技术和工业信息化局",
         "  organizer: 焦作市解放区科学技术和工业信息化局\n  gov_mark_image: assets/dangzheng.png\n"
         "  gov_mark_url: https://bszs.conac.cn/sitename?method=show&id=EXAMPLE")
    assert mkdocs_build(project).returncode == 0
    page = (project / "site/items/jishu-hetong-dengji/index.html").read_text(encoding="utf-8")
    m = re.search(r'<a href="([^"]+)" rel="noopener"><img class="pl-gov-mark" src="([^"]+)" alt="党政机关网站标识"', page)
    assert m and m.group(1) == "https://bszs.conac.cn/sitename?method=show&amp;id=EXAMPLE"
    assert m.group(2) == "../../assets/dangzheng.png"
    assert (project / "site/items/jishu-hetong-dengji" / m.group(2)).resolve().read_bytes() == png
    edit(project / "powers/_site.yaml", "gov_mark_image: assets/dangzheng.png", "gov_mark_image: ../../etc/passwd.png")
    proc = mkdocs_build(project)
    assert proc.returncode == 1 and "footer.gov_mark_image" in proc.stderr


# --- search that forgives what people type (issue 26) -------------------------------------

def _find(v: "Visit", query: str) -> tuple[list[str], str]:
    """The names of the current items `query` finds (in order) and the text of
    the cancelled and merged items it finds (empty when none)."""
    v.page.fill("#pl-q", query)
    v.page.wait_for_function("document.getElementById('pl-filter').getAttribute('data-drawn') === document.getElementById('pl-q').value"
                             " || document.getElementById('pl-none').hidden === false")
    names = [r.inner_text() for r in v.page.locator("table.pl-list tbody tr td.pl-name").all()]
    if not v.page.locator("#pl-none").is_hidden():
        names = []
    gone = v.page.locator("#pl-gone")
    return names, ("" if gone.is_hidden() else gone.inner_text())


def _example():
    from powerlist.core.catalog import load_catalog
    from powerlist.view.item import in_site_order, retired_in_order

    cat = load_catalog(ROOT / "powers", ROOT / "flows")
    return in_site_order(cat), retired_in_order(cat)


def _homophone(c: str, avoid: set[str]) -> str | None:
    """A common character read as `c` is (its usual reading), not `c` and
    not in `avoid`: what an input method offers next to it."""
    from powerlist.outputs.search import readings

    want = readings(c)[:1]
    for cp in range(0x4E00, 0xA000):
        h = chr(cp)
        try:
            h.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if h != c and h not in avoid and want and readings(h)[:1] == want:
            return h
    return None


def test_a_homophone_typo_finds_the_item(browser, origin: str) -> None:
    """Typos made from the names themselves: in four characters of a name, one
    replaced by a character read alike that no name uses."""
    from powerlist.outputs.search import letters

    entries, _ = _example()
    used = {c for x in entries for c in letters(x.item.name)}
    v = Visit(browser, origin, "list/")
    tried = 0
    for x in entries[::2]:
        name = letters(x.item.name)
        for at in (0, len(name) // 2):
            part = name[at:at + 4]
            k = 1 + tried % 3
            h = _homophone(part[k], used) if len(part) == 4 else None
            if h is None:
                continue
            typo = part[:k] + h + part[k + 1:]
            names, _ = _find(v, typo)
            assert x.item.name in names, (typo, x.item.name, names)
            tried += 1
    assert tried >= 8
    # the issue's own: 科技特排员 for 科技特派员; and the name as written comes before one that sounds like it
    assert _find(v, "科技特排员")[0] == ["科技特派员申报（选认）"]
    names, _ = _find(v, "技术合同认定登计")
    assert names[0] == "技术合同认定登记"
    assert v.errors == [] and v.foreign(origin) == []
    v.page.close()


def test_everyday_words_synonyms_and_the_names_of_results_and_forms_find_the_item(browser, origin: str) -> None:
    from powerlist.outputs.search import letters, others, synonym_groups

    entries, _ = _example()
    v = Visit(browser, origin, "list/")
    tried = 0
    for x in entries:  # a word of the name replaced by another of its synonym group
        name = letters(x.item.name)
        for group in synonym_groups():
            word = next((t for t in group if len(t) > 1 and t in name), None)
            other = next((t for t in group if t != word and not any(t in u or u in t for u in group if u != t and u == word)), None)
            if word is None or other is None or other in name:
                continue
            query = name.replace(word, other, 1)
            names, _ = _find(v, query)
            assert x.item.name in names, (query, x.item.name, names)
            tried += 1
    assert tried >= 8
    # a result's name, a form's name: the item, after any whose name holds the words
    for x in entries:
        for text in others(x)[:3]:
            names, _ = _find(v, text)
            assert x.item.name in names, (text, names)
            holding = [n for n in names if text in letters(n)]
            assert names[:len(holding)] == holding, (text, names)
            tried += 1
    names, _ = _find(v, "研发补贴")
    assert names == ["企业研究开发财政补助资金拨付"]
    assert _find(v, "技术合同登记证明")[0] == ["技术合同认定登记"]
    assert _find(v, "技术合同备案证书")[0] == ["技术合同认定登记"]  # synonyms of a result's words
    assert v.errors == []
    v.page.close()


def test_a_cancelled_item_is_found_by_its_name_and_said_to_be_cancelled(browser, origin: str) -> None:
    _, retired = _example()
    x = retired[0]
    v = Visit(browser, origin, "list/")
    for query in (x.item.name, x.item.name[:20], x.item.name[3:15].replace("资", "姿")):  # whole, its start, a typo in it
        names, gone = _find(v, query)
        assert x.item.name in gone and "已取消" in gone, query
        assert x.item.name not in names  # the current list's results are the current items only
    assert v.page.locator("#pl-count").inner_text().endswith("（共 17 项）")
    link = v.page.locator("#pl-gone a").first
    assert link.inner_text() == x.item.name + " 已取消"
    # the body that now handles the matter, as the item's record says
    assert "现由 区发展和改革委员会 行使" in v.page.locator("#pl-gone li").first.inner_text()
    link.click()
    v.page.wait_for_load_state("load")
    assert v.page.url.endswith(f"/items/{x.id}/")
    assert "取消，现由 区发展和改革委员会 行使" in v.page.locator(".pl-retired").inner_text()
    # a query of one of its words finds current items only, and says nothing of it
    v = Visit(browser, origin, "list/")
    names, gone = _find(v, "技术合同")
    assert names and gone == ""
    v.page.close()


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory):
    """The example in English, with a merged item and the site's own search words."""
    project = copy_project(tmp_path_factory.mktemp("edition"))
    conf = project / "mkdocs.yml"
    conf.write_text(conf.read_text(encoding="utf-8").replace("  language: zh", "  language: en"), encoding="utf-8")
    site_yaml = project / "powers/_site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "search:\n  synonyms:\n    - [孵化器, 加速器]\n"
                         "  english:\n    accelerator: [加速器]\n    tech contract: [技术合同]\n", encoding="utf-8")
    text = (project / "powers/jishu-hetong-dengji.yaml").read_text(encoding="utf-8")
    text = text.replace('code: "410802-QR-001"', 'code: "410802-QR-099"').replace("name: 技术合同认定登记", "name: 技术合同备案审核", 1)
    (project / "powers/jishu-hetong-beian-shenhe.yaml").write_text(
        text + '\nstatus: 已合并\nretired:\n  date: "2026-11-26"\n  notice: 2026-11-26-quxiao\n  successors: [jishu-hetong-dengji]\n',
        encoding="utf-8")
    shutil.copytree(project / "powers/files/jishu-hetong-dengji", project / "powers/files/jishu-hetong-beian-shenhe")
    notice = project / "changes/2026-11-26-quxiao.yaml"
    notice.write_text(notice.read_text(encoding="utf-8") + "  - kind: 合并\n    items: [jishu-hetong-beian-shenhe]\n"
                      "    summary: 技术合同备案审核并入技术合同认定登记\n", encoding="utf-8")
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield project / "site", f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_english_edition_finds_items_by_english_words(browser, edition) -> None:
    _, origin = edition
    entries, _ = _example()
    v = Visit(browser, origin, "list/")
    assert _find(v, "contract")[0][0] == "技术合同认定登记"  # then items whose forms name a 协议
    assert _find(v, "Technology Contract Registration")[0][0] == "技术合同认定登记"  # any case, several words
    assert "技术合同认定登记" in _find(v, "registr")[0]  # a word still being typed
    licensing = [x.item.name for x in entries if x.type_name == "行政许可"]
    for query in ("administrative licensing", "licensing", "permits"):  # a type's name, a word of it, a plural
        names, _ = _find(v, query)
        assert set(licensing) <= set(names), query
    penalties = [x.item.name for x in entries if x.type_name == "行政处罚"]
    assert set(_find(v, "penalty")[0]) >= set(penalties)
    assert "企业研究开发财政补助资金拨付" in _find(v, "subsidy")[0]
    assert "区级科技企业孵化器（众创空间）认定" in _find(v, "incubator")[0]
    # the site's own words: an English one standing for its own synonym, a phrase
    assert "区级科技企业孵化器（众创空间）认定" in _find(v, "accelerator")[0]
    assert "区级科技企业孵化器（众创空间）认定" in _find(v, "科技企业加速器")[0]
    assert _find(v, "tech contract")[0][0] == "技术合同认定登记"
    # Chinese, pinyin and initials as on the Chinese site
    assert _find(v, "科技特排员")[0] == ["科技特派员申报（选认）"] and _find(v, "kjtpy")[0] == ["科技特派员申报（选认）"]
    assert v.page.locator("#pl-count").inner_text() == "1 of 17 items"
    # a merged item: found by its name, labelled, linked, and so is what it went into
    names, gone = _find(v, "技术合同备案审核")
    assert "技术合同备案审核" in gone and "Merged" in gone and "技术合同认定登记" in gone
    hrefs = v.page.eval_on_selector_all("#pl-gone a", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs[:2] == ["../items/jishu-hetong-beian-shenhe/", "../items/jishu-hetong-dengji/"]
    assert _find(v, "nothing like this at all")[0] == []
    assert v.errors == [] and v.foreign(origin) == []
    v.page.close()


def test_initials_need_few_small_files(browser, long_list) -> None:
    """An initials query asks for a pair of initials per two letters, not
    the shards of every syllable its letters may begin."""
    from powerlist.outputs.search import pinyin

    site, origin = long_list
    from powerlist.core.catalog import load_catalog
    from powerlist.view.item import in_site_order

    entries = in_site_order(load_catalog(site.parent / "powers", site.parent / "flows"))
    for x in entries[::50]:
        ini = pinyin(x.item.name)[1][:7]
        v = Visit(browser, origin, f"list/?q={ini}")
        v.page.wait_for_function("document.getElementById('pl-filter').getAttribute('data-drawn') === document.getElementById('pl-q').value")
        asked = {u.split("/search/")[1].split("?")[0] for u in v.requests if "/search/" in u}
        assert {a for a in asked if not a.startswith("r/")} <= {"index.js", "codes.js"} | {f"i/{ini[o:o + 2]}.js" for o in range(len(ini) - 1)}, ini
        assert len([a for a in asked if a.startswith("i/")]) <= (len(ini) + 1) // 2
        names = v.page.locator("table.pl-list tbody tr td.pl-name").all_inner_texts()
        assert x.item.name in names or len(names) == 50, ini
        v.page.close()
