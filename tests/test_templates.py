"""Pages from templates: the item page section by section (in-process, no
browser), a site's own templates, the message catalogs, and the English
edition in real Chromium."""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from powerlist.core.catalog import load_catalog
from powerlist.site.pages import Page, SiteBuilder
from powerlist.site.render import Templates
from powerlist.view.words import translations
from scripts.messages import template, untranslated
from conftest import CHROMIUM
from test_site import copy_project, mkdocs_build

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@functools.lru_cache(maxsize=None)
def _site(language: str | None = None, overrides: str | None = None) -> dict[str, Page]:
    cat = load_catalog(ROOT / "powers")
    builder = SiteBuilder(cat, lambda x, v: '<svg viewBox="0 0 300 600"></svg>', Templates(overrides, language))
    return {p.path: p for p in builder.pages() if isinstance(p, Page)}


def _sections(page: Page) -> dict[str, str]:
    """h2 anchor → the HTML up to the next h2."""
    parts = re.split(r'(<h2 id="[^"]+">)', page.html)
    return {re.search(r'id="([^"]+)"', parts[i]).group(1): parts[i + 1] for i in range(1, len(parts), 2)}


def _text(fragment: str) -> str:
    """Text as read: inline tags vanish, block tags separate."""
    fragment = re.sub(r"</?(?:span|strong|a|code|b)\b[^>]*>", "", fragment)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def test_the_item_page_follows_a_service_guide_section_by_section() -> None:
    page = _site()["items/jishu-hetong-dengji/index.md"]
    assert page.title == "技术合同认定登记" and page.source == "powers/jishu-hetong-dengji.yaml"
    sections = _sections(page)
    assert list(sections) == ["basic", "basis", "conditions", "materials", "terms", "flow", "promises", "fee", "where",
                              "contact", "result", "faq", "duties", "accountability", "supervision", "history"]
    assert [a for a, _ in page.toc] == list(sections)
    basic = _text(sections["basic"])
    assert "实施主体 焦作市解放区科学技术和工业信息化局（受委托组织）" in basic
    assert "承办机构 科技创新股" in basic and "行使层级 县级" in basic
    promises = _text(sections["promises"])
    assert "法定办结时限 30 日" in promises
    # the item states only the review's 5 days: the other step times are its template's, and the verdict says so
    assert ("✓ 按本局通用流程核验：最长用时 7 个工作日，未超过承诺时限 7 个工作日（受理、决定、"
            "在合同文本上注明“未予登记”，书面说明理由、送达的时限取自通用流程“依申请办理（受理—审查—决定—送达）”，"
            "本事项未另行载明）") in promises
    summary = _text(page.html.split('pl-summary', 1)[1].split("</dl>", 1)[0])
    assert "7 个工作日 （按本局通用流程核验）" in summary and "已按办理流程核验" not in summary
    assert "申请人最多到现场 1 次（网上填报后提交纸质合同），符合承诺" in promises
    steps = _text(sections["flow"])
    assert "补正材料（申请人，时限未载明，不计入办理时限）" in steps
    assert "补正后重新审查 → 第 2 步“书面技术合同、材料齐全？”（回退）" in steps
    contact = _text(sections["contact"])
    assert "咨询电话 0391-2925801" in contact and "投诉电话 0391-2921000" in contact
    assert '<script type="application/ld+json">' in page.html


def test_a_site_folder_overrides_a_template_and_the_specific_name_wins(tmp_path: Path) -> None:
    (tmp_path / "item").mkdir()
    (tmp_path / "item/fee.html").write_text("", encoding="utf-8")  # unused name: no effect
    (tmp_path / "item/duties.html").write_text('<h2 id="duties">本局的责任</h2><p>{{ it.units[0] }}</p>\n',
                                                encoding="utf-8")
    (tmp_path / "item-qr.html").write_text('{% extends "item.html" %}{% block sections %}<p class="qr">确认类'
                                           '：{{ v.name }}</p>{% include "item/duties.html" %}{% endblock %}\n',
                                           encoding="utf-8")
    pages = SiteBuilder(load_catalog(ROOT / "powers"), lambda x, v: '<svg viewBox="0 0 1 1"></svg>',
                        Templates(tmp_path)).pages()
    pages = {p.path: p for p in pages if isinstance(p, Page)}
    qr = pages["items/jishu-hetong-dengji/index.md"].html  # 行政确认: item-qr.html
    assert '<p class="qr">确认类：技术合同认定登记</p>' in qr
    assert '<h2 id="duties">本局的责任</h2><p>科技创新股</p>' in qr and 'id="basic"' not in qr
    other = pages["items/kexue-jishu-jiang/index.md"].html  # 行政奖励: the general item.html
    assert 'id="basic"' in other and "本局的责任" in other and 'class="qr"' not in other


def test_autoescape_cannot_be_bypassed_by_a_value() -> None:
    t = Templates()
    out = t.env.from_string("<p>{{ x }}{{ _('共 %(num)d 项', num=n) }}</p>").render(x="<b>{{ 1 }}</b>", n=3)
    assert out == "<p>&lt;b&gt;{{ 1 }}&lt;/b&gt;共 3 项</p>"


def test_every_ui_text_is_translated_and_the_english_catalog_has_no_chinese() -> None:
    pot = template()
    assert len(pot) > 150
    assert "承诺办结时限" in pot and "纸质" in pot  # from a template, from the model's vocabulary
    en = translations("en")
    from babel.messages.pofile import read_po

    catalog = read_po((ROOT / "src/powerlist/locale/en/LC_MESSAGES/powerlist.po").open("rb"), locale="en")
    assert untranslated(catalog) == []
    missing = [m.id for m in pot if m.id and m.id not in catalog]
    assert missing == []
    for m in catalog:
        if m.id:
            for s in (m.string if isinstance(m.string, (list, tuple)) else [m.string]):
                assert not CJK.search(s), (m.id, s)
    assert en.gettext("承诺办结时限") == "Promised time limit"


def _data_strings() -> list[str]:
    out: list[str] = []

    def walk(v) -> None:
        if isinstance(v, str):
            out.append(v.strip().removeprefix("《").removesuffix("》"))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for f in sorted((ROOT / "powers").glob("*.yaml")) + sorted((ROOT / "flows").glob("*.yaml")) \
            + sorted((ROOT / "changes").glob("*.yaml")):
        walk(yaml.safe_load(f.read_text(encoding="utf-8")))
    from powerlist.core.models import DEFAULT_TYPES

    out += [t.name for t in DEFAULT_TYPES]
    from powerlist.outputs.export import CODE_COLUMNS, GUIDE_COLUMNS, LIST_COLUMNS

    out += [c.header for c in LIST_COLUMNS + CODE_COLUMNS + GUIDE_COLUMNS]  # the downloaded files' own headers
    for e in load_catalog(ROOT / "powers").entries.values():  # step texts filled in from templates
        out += [getattr(s, k) or "" for s in e.flow.steps for k in ("label", "lane", "note", "outcome")]
    return sorted({s for s in out if CJK.search(s)}, key=len, reverse=True)


def test_the_english_edition_has_no_chinese_but_the_data_in_process() -> None:
    data = _data_strings()
    for path, page in _site("en").items():
        if path.startswith("guide/"):
            continue  # the staff guide and its rules stay Chinese
        text = _text(page.html.split('<script type="application/ld+json">')[0])
        for s in data:
            text = text.replace(s, " ")
        text = re.sub(r"[《》“”]", " ", text)  # the marks around law titles and quotes stay
        assert not CJK.search(text), (path, CJK.findall(text)[:20], text[:500])


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/test installs it)")
def test_the_english_edition_in_chromium(browser, tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    project = copy_project(tmp_path / "en")
    conf = project / "mkdocs.yml"
    text = conf.read_text(encoding="utf-8").replace("  language: zh", "  language: en")
    for zh, en in [("site_name: 解放区科工局 权责清单", "site_name: Powers of the Jiefang District Bureau"),
                   ("首页:", "Home:"), ("权责清单:", "List:"), ("按权力类型:", "By type:"), ("按承办机构:", "By department:"),
                   ("监督投诉:", "Supervision:"), ("调整公告:", "Adjustments:"), ("数据下载:", "Downloads:"), ("编写指南:", "Guide for staff:"), ("检查规则:", "Check rules:")]:
        text = text.replace(zh, en)  # the site's own words, as an English site's mkdocs.yml would have them
    conf.write_text(text, encoding="utf-8")
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # the site's own pages in docs/ (the staff guide) are written in Chinese: their titles show in the footer
    data = _data_strings() + [m.group(1) for f in (project / "docs").rglob("*.md")
                              if (m := re.search(r"^# (.+)$", f.read_text(encoding="utf-8"), re.M))]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path in ["", "list/", "items/jishu-hetong-dengji/", "types/qr/", "units/", "supervision/", "downloads/"]:
        page.goto((project / "site" / path / "index.html").as_uri(), wait_until="load")
        assert page.locator("html").get_attribute("lang") == "en"
        # the whole page: Material's chrome (header, navigation, footer) and ours
        text = page.locator("body").inner_text()
        for s in data:
            text = text.replace(s, " ")
        text = re.sub(r"[《》“”]", " ", text)
        assert not CJK.search(text), (path, CJK.findall(text)[:20])
        result = Axe().run(page)
        assert [(x["id"], x["impact"]) for x in result.response["violations"]] == [], path
    page.goto((project / "site/list/index.html").as_uri() + "?q=410802-QR", wait_until="load")
    assert page.locator("#pl-count").inner_text() == "2 of 17 items"  # 410802-QR-001 and -004
    page.close()


def test_the_english_chart_speaks_english_but_for_the_data(tmp_path: Path) -> None:
    from powerlist.outputs.chart import ChartCache, header_for, render
    from powerlist.view.words import Words
    from powerlist.view.item import item_view

    cat = load_catalog(ROOT / "powers")
    e = cat.entries["jishu-hetong-dengji"]
    svg, _ = render(e.flow, header_for(item_view(e, cat)), ChartCache(tmp_path, Words("en")))
    text = html.unescape(re.sub(r"<[^>]+>", " ", svg))
    assert "Process flowchart of 技术合同认定登记" in text and "Promised 7 working days" in text
    corpus = "\n".join(_data_strings())  # labels are wrapped over lines: each Chinese run must be data
    runs = re.findall(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+", text)
    assert runs and [r for r in runs if r not in corpus] == []
    zh, _ = render(e.flow, header_for(item_view(e, cat)), ChartCache(tmp_path))  # same cache folder, other language
    assert "承诺时限 7 个工作日" in zh and "Promised" not in zh


def test_a_step_time_not_stated_shows_as_such_and_the_promise_as_unverifiable(project: Path) -> None:
    """Never 即办, never ✓: the step list says 时限未载明 and the promise ? 无法核验, as does the chart."""
    from powerlist.outputs.chart import header_for, render
    from powerlist.view.item import item_view

    f = project / "powers/guojia-mimi-jishu-chukou-shencha.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("    upper: 市科技局\n", "    upper: 市科技局\n    meeting_time: 未载明\n"),
                 encoding="utf-8")
    cat = load_catalog(project / "powers")
    builder = SiteBuilder(cat, lambda x, v: '<svg viewBox="0 0 300 600"></svg>', Templates())
    page = next(p for p in builder.pages() if isinstance(p, Page) and p.path == "items/guojia-mimi-jishu-chukou-shencha/index.md")
    text = _text(page.html)
    assert "时限未载明" in text
    assert "? 无法核验：步骤“局务会研究”的时限未载明，无法核验是否超过承诺时限 4 个工作日" in text
    assert "✓ 已按办理流程核验：最长用时" not in text
    e = cat.entries["guojia-mimi-jishu-chukou-shencha"]
    svg, _ = render(e.flow, header_for(item_view(e, cat)))
    assert "时限未载明" in svg


def test_a_named_hotline_dials_its_number_and_the_rules_page_lists_type_aliases(project: Path) -> None:
    site = project / "powers/_site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("  phone: 0391-2921000", '  phone: "12345 政务服务便民热线"'),
                    encoding="utf-8")
    cat = load_catalog(project / "powers")
    assert cat.ok, [d.text() for d in cat.errors]
    pages = {p.path: p for p in SiteBuilder(cat, lambda x, v: '<svg viewBox="0 0 1 1"></svg>', Templates()).pages()
             if isinstance(p, Page)}
    assert '<a href="tel:12345">12345 政务服务便民热线</a>' in pages["index.md"].html
    rules = _text(pages["guide/rules/index.md"].html)
    assert "其他行政权力 QT 其他权力类型、其他类别、其他职权、其他、非行政许可审批" in rules


def test_pages_state_what_real_lists_promise() -> None:
    """Issue 11 on the page: extension and paused steps beside the verdicts,
    the application window at the top, delegation, another body's contacts,
    a promise without a guide, per-step owner, phone and deadline."""
    site = _site()
    pipe = _sections(site["items/guandao-baohu-shigong-xuke/index.md"])
    promises = _text(pipe["promises"])
    assert "延长期限 经本行政机关负责人批准，可延长 10 个工作日 延长后：法定时限 30 个工作日，承诺时限 30 个工作日" in promises
    assert "✓ 已按办理流程核验：经批准延长的路径最长用时 30 个工作日，未超过延长后的承诺时限 30 个工作日" in promises
    assert "✓ 已按办理流程核验：最长用时 20 个工作日，未超过承诺时限 20 个工作日" in promises
    assert "不计入办理时限的环节 会同管道企业现场勘查（5 个工作日） 这些环节所需时间不计算在承诺办结时限内。" in promises
    steps = _text(pipe["flow"])
    assert "报局长批准延长 10 个工作日，书面告知申请人理由（局长，1 个工作日，经批准延长期限后）" in steps
    assert "（工业和信息化股，12 个工作日，责任人：工业和信息化股股长） 电话：0391-2925806" in steps

    batch = site["items/gaoxin-qiye-peiyuku-tuijian/index.md"].html
    top = _text(batch.split('<h2 id="basic">')[0])
    assert "首页 › 其他行政权力 › 高新技术企业培育库入库推荐" in top
    assert "申报期 每年 3月1日 至 4月30日（具体以当年通知为准） 查看申报通知" in top
    assert "承诺办结时限 10 个工作日 （已按办理流程核验）" in top and "到现场次数 最多 1 次" in top
    assert "择优推荐，报市科技局（科技创新股，3 个工作日，每年 5月15日前完成）" in _text(_sections(site["items/gaoxin-qiye-peiyuku-tuijian/index.md"])["flow"])
    assert "到办事现场次数 最多 1 次" in _text(_sections(site["items/gaoxin-qiye-peiyuku-tuijian/index.md"])["promises"])

    filing = _text(_sections(site["items/jishu-gaizao-xiangmu-beian/index.md"])["basic"])
    assert "委托（下放）机关 焦作市工业和信息化局" in filing
    assert "委托范围 本区内企业总投资 5000 万元以下、不新增用地的工业企业技术改造项目" in filing
    assert "委托期限 2022年9月1日 至 2027年8月31日" in filing
    assert "豫工信投资〔2021〕88号 第六条" in _text(_sections(site["items/jishu-gaizao-xiangmu-beian/index.md"])["basis"])

    other = site["items/qiye-yanfa-feiyong-buzhu/index.md"]
    sections = _sections(other)
    basic = _text(sections["basic"])
    assert "实施主体 焦作市科学技术局（法定机关）" in basic and "咨询电话 0391-3567812" in basic
    assert "实施主体地址 焦作市山阳区人民路 1001 号市民之家四楼" in basic
    assert "监督电话 0391-3567800" in _text(sections["supervision"])
    assert "0391-2921000" not in other.html  # the site's own supervision phone is not this body's
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', other.html, re.S).group(1))
    assert ld["provider"] == {"@type": "GovernmentOrganization", "name": "焦作市科学技术局",
                              "address": "焦作市山阳区人民路 1001 号市民之家四楼"}
    promises = _text(sections["promises"])
    assert "承诺办结时限 30 个工作日" in promises and "✓ 已按办理流程核验" in promises
    assert "不计入办理时限的环节 网站公示：有无异议？（5 个工作日）" in promises

    unknown = _text(_sections(site["items/keji-fuhuaqi-rending/index.md"])["flow"])
    assert "审核（科技创新股，时限未载明）" in unknown and "即办" not in unknown


def test_supervision_links_are_configured_once_and_shown_everywhere() -> None:
    site = _site()
    page = _sections(site["items/jishu-hetong-dengji/index.md"])["supervision"]
    assert '<a href="tel:12345">12345 政务服务便民热线</a>' in page
    assert "监督电话工作日 8:30—12:00、14:30—17:30；12345 热线 24 小时" in _text(page)
    assert '<a href="https://www.hnzwfw.gov.cn/" rel="noopener">“好差评”</a>' in page
    sup = site["supervision/index.md"].html
    assert '<a href="tel:12345">12345 政务服务便民热线</a>' in sup and "评价政务服务" in sup


def test_the_ways_of_handling_come_from_one_rule_over_depth_and_visits() -> None:
    """技术合同认定登记 is online to depth 2 (pre-review) and needs one visit: neither the home page
    nor its card says 网上可办 (issue 25); 高新技术企业更名 (depth 4, no visit) is 全程网办 on both."""
    import re as _re

    pages = SiteBuilder(load_catalog(ROOT / "powers"), lambda x, v: '<svg viewBox="0 0 1 1"></svg>', Templates()).pages()
    pages = {p.path: p.html for p in pages if isinstance(p, Page)}
    rows = dict(_re.findall(r'>([^<>]+)</a></td>.*?data-label="办理方式">([^<]*)</td>', pages["index.md"]))
    assert rows["技术合同认定登记"] == "网上预审、窗口办理"
    assert rows["高新技术企业更名及重大变化审核转报"] == "全程网办" and rows["高新技术企业认定申报初审推荐"] == "网上可办"
    card = pages["items/jishu-hetong-dengji/index.md"].split('class="pl-block pl-summary"', 1)[1].split("</dl>", 1)[0]
    assert "<dt>办理方式</dt><dd>网上预审、窗口办理</dd>" in card and "网上可办" not in card


def test_a_printout_is_titled_by_what_it_holds() -> None:
    """An item without a service guide is no 办事一次告知单 when printed (issue 25)."""
    pages = SiteBuilder(load_catalog(ROOT / "powers"), lambda x, v: '<svg viewBox="0 0 1 1"></svg>', Templates()).pages()
    pages = {p.path: p.html for p in pages if isinstance(p, Page)}

    def head(ident: str) -> str:
        return pages[f"items/{ident}/index.md"].split('class="pl-print-head"', 1)[1].split("</p>", 1)[0]

    assert "办事一次告知单" in head("jishu-hetong-dengji")
    assert "权责事项信息" in head("taotai-yongneng-shebei-chufa") and "告知单" not in head("taotai-yongneng-shebei-chufa")
