"""What a citizen reads must be true (issue 25): every verdict says whose
facts it rests on (the item's own, or a named flow template's), a
template's words that the item's own data rules out fail `check`, and a
window, a step deadline and the step times that cannot all be true fail
`check` and never read as verified. Real YAML, real `check`, real pages."""

from __future__ import annotations

import re
import html as htmllib
from pathlib import Path

from conftest import ROOT, edit, line_of
from powerlist.core.catalog import load_catalog
from powerlist.site.pages import Page, SiteBuilder
from powerlist.core.provenance import Said
from powerlist.site.render import Templates
from powerlist.view.item import item_view

TEPAIYUAN = "powers/keji-tepaiyuan-shenbao.yaml"
CHENGGUO = "powers/keji-chengguo-dengji.yaml"


def only(run, rule: str) -> list[str]:
    return [ln for ln in run.out.splitlines() if ln.endswith(f"[{rule}]")]


def pages(powers: Path) -> dict[str, Page]:
    cat = load_catalog(powers)
    builder = SiteBuilder(cat, lambda x, v: '<svg viewBox="0 0 300 600"></svg>', Templates(None, None))
    return {p.path: p for p in builder.pages() if isinstance(p, Page)}


def summary(page: Page) -> str:
    part = page.html.split("pl-summary", 1)[1].split("</dl>", 1)[0]
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part)))


# --- provenance of a verdict ------------------------------------------------------

def test_each_time_verdict_names_whose_step_times_it_rests_on() -> None:
    cat = load_catalog(ROOT / "powers")
    tech = item_view(cat.entries["jishu-hetong-dengji"], cat)
    p = tech.time_promise
    # the item states only the review's 5 days (flow.with.review_time); 受理, 决定, 制作 and 送达 are the template's
    assert p.basis.said is Said.INHERITED and p.basis.source == "依申请办理（受理—审查—决定—送达）"
    assert "受理" in p.basis.fields and "决定" in p.basis.fields and "送达" in p.basis.fields
    assert "审查" not in p.basis.fields
    assert tech.time_verdict == "verified-template"
    own = item_view(cat.entries["keji-tepaiyuan-shenbao"], cat)  # an inline flow: every time is its own
    assert own.time_promise.basis.said is Said.STATED and own.time_verdict == "verified"


def test_the_card_says_verified_only_for_an_items_own_times() -> None:
    site = pages(ROOT / "powers")
    assert "（按本局通用流程核验）" in summary(site["items/jishu-hetong-dengji/index.md"])
    assert "已按办理流程核验" not in summary(site["items/jishu-hetong-dengji/index.md"])
    assert "（已按办理流程核验）" in summary(site["items/keji-tepaiyuan-shenbao/index.md"])


# --- a template's words against the item's own data ------------------------------

def test_a_template_note_the_items_data_rules_out_is_an_error(project, check) -> None:
    f = edit(project / CHENGGUO, "      stage: 告知\n      note: 网上下载或免费邮寄\n    deliver-deny:\n      stage: 告知\n      note: 网上下载或免费邮寄\n",
             "      stage: 告知\n      note: 网上下载或免费邮寄\n    deliver-deny:\n      stage: 告知\n")
    run = check("powers")
    assert run.code == 1
    tpl_line = line_of(project / "flows/yishenqing.yaml", "note: 窗口领取或免费邮寄", 2)
    assert only(run, "PL535") == [
        f"{CHENGGUO}:{line_of(f, '    deliver-deny:') + 1}:7: error: flow.override.deliver-deny: 通用流程“依申请办理（受理—审查—决定—送达）”"
        f"（flows/yishenqing.yaml 第 {tpl_line} 行）中步骤“送达不予决定书”的说明“窗口领取或免费邮寄，由申请人选择”与本事项矛盾："
        f"到现场次数 0（第 {line_of(f, '  visits: 0')} 行 service.visits）；"
        f"结果领取方式 网上下载、邮寄送达（第 {line_of(f, '    delivery: [')} 行 service.result.delivery）；"
        "请在 flow.override.deliver-deny.note 中按本事项的实际改写 [PL535]"]


def test_a_template_claim_of_mail_against_an_item_without_mail_is_an_error(project, check) -> None:
    """The mechanism is general: any claim (window, mail, online) in a
    template's text against the item's structured fields."""
    f = edit(project / "powers/jishu-hetong-dengji.yaml", "    delivery: [窗口领取, 免费邮寄送达]\n", "    delivery: [窗口领取]\n")
    run = check("powers")
    found = only(run, "PL535")
    assert len(found) == 2 and all(f"结果领取方式 窗口领取（第 {line_of(f, '    delivery: [')} 行 service.result.delivery）" in x
                                   for x in found), run.out
    assert "“送达技术合同登记证明”" in found[0] and "“退还合同文本”" in found[1]


def test_the_items_own_words_stay_a_warning(project, check) -> None:
    """What the item writes itself is its statement: the older warnings
    (PL533) apply, not the template error."""
    edit(project / CHENGGUO, "    deliver-grant:\n      stage: 告知\n      note: 网上下载或免费邮寄\n",
         "    deliver-grant:\n      stage: 告知\n      note: 窗口领取\n")
    run = check("powers")
    assert not only(run, "PL535")


# --- calendar consistency -----------------------------------------------------------

def test_a_deadline_the_window_and_the_times_rule_out_is_an_error(project, check) -> None:
    f = edit(project / TEPAIYUAN, "      duration: 5 个工作日\n      stage: 推荐\n      next: notify-yes\n",
             "      duration: 5 个工作日\n      deadline: \"08-13\"\n      stage: 推荐\n      next: notify-yes\n")
    run = check("powers")
    assert run.code == 1
    assert only(run, "PL523") == [
        f"{TEPAIYUAN}:{line_of(f, 'deadline: ')}:17: error: flow.steps[5].deadline: 步骤“报市科技局认定”须在 每年 8月13日前完成"
        f"（本行 deadline），但申报期 每年 8月11日才截止（{TEPAIYUAN} 第 {line_of(f, '  end: ')} 行 window.end）："
        "截止当天提交的申报，按流程到这一步还要用时 15 个工作日，最早 8月30日才能完成；"
        f"承诺办结时限为 15 个工作日（{TEPAIYUAN} 第 {line_of(f, '    promised: 15 个工作日')} 行 service.time_limit.promised） [PL523]"]
    # while the error stands, no badge says verified: the view's verdict, and the page a preview would show
    cat = load_catalog(project / "powers")
    assert item_view(cat.entries["keji-tepaiyuan-shenbao"], cat).time_verdict == "conflict"
    cat.diagnostics = [d for d in cat.diagnostics if d.rule != "PL523"]  # the builder draws only a passing list
    page = {p.path: p for p in SiteBuilder(cat, lambda x, v: '<svg viewBox="0 0 300 600"></svg>').pages()
            if isinstance(p, Page)}["items/keji-tepaiyuan-shenbao/index.md"]
    assert "（与申报期或截止日期矛盾，无法核验）" in summary(page) and "核验）" not in summary(page).replace("无法核验）", "")
    assert "✗ 与申报期或截止日期矛盾" in page.html


def test_a_deadline_the_flow_can_meet_passes(project, check) -> None:
    """A deadline far enough after the window's close for every route: no error."""
    edit(project / TEPAIYUAN, "      duration: 5 个工作日\n      stage: 推荐\n      next: notify-yes\n",
         "      duration: 5 个工作日\n      deadline: \"09-30\"\n      stage: 推荐\n      next: notify-yes\n")
    run = check("powers")
    assert not only(run, "PL523"), run.out


def test_holidays_of_the_site_calendar_count(project, check) -> None:
    """The site's working-day calendar: a deadline that weekends alone
    would allow but the site's holidays rule out is an error."""
    edit(project / TEPAIYUAN, "      duration: 5 个工作日\n      stage: 推荐\n      next: notify-yes\n",
         "      duration: 5 个工作日\n      deadline: \"09-04\"\n      stage: 推荐\n      next: notify-yes\n")
    edit(project / TEPAIYUAN, '  start: "07-12"\n  end: "08-11"\n', '  start: "2027-07-12"\n  end: "2027-08-11"\n')
    assert not only(check("powers"), "PL523")  # 2027-08-11 + 15 working days = 2027-09-01
    holidays = "".join(f'    - "2027-08-{d}"\n' for d in (16, 17, 18, 19, 20))
    edit(project / "powers/_site.yaml", "lanes:\n", f"calendar:\n  holidays:\n{holidays}lanes:\n")
    run = check("powers")
    assert len(only(run, "PL523")) == 1 and "最早 9月8日才能完成" in only(run, "PL523")[0], run.out


# --- cancelled items name their successor ---------------------------------------------

CANCELLED = "powers/buhe-jieneng-biaozhun-xiangmu-chufa.yaml"


def _book(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's rows, read back by python-calamine as a reader would."""
    import tempfile

    from python_calamine import CalamineWorkbook
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        f.write(data)
        f.flush()
        book = CalamineWorkbook.from_path(f.name)
        return {n: [tuple(r) for r in book.get_sheet_by_name(n).to_python()] for n in book.sheet_names}


def _ld(page: Page) -> dict:
    import json
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.html, re.S)
    return json.loads(m.group(1))


def test_a_cancelled_item_says_who_handles_the_matter_now() -> None:
    page = pages(ROOT / "powers")["items/buhe-jieneng-biaozhun-xiangmu-chufa/index.md"]
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", page.html))
    assert "本事项已于 2026年11月26日 取消，现由 区发展和改革委员会 行使（依据 解科工〔2026〕23号）。" in text
    ld = _ld(page)
    assert ld["http://www.w3.org/ns/adms#status"] == "已取消"
    assert ld["http://purl.org/dc/terms/isReplacedBy"] == {
        "@type": "GovernmentService", "serviceOperator": {"@type": "GovernmentOrganization", "name": "区发展和改革委员会"}}
    current = _ld(pages(ROOT / "powers")["items/jishu-hetong-dengji/index.md"])
    assert "http://www.w3.org/ns/adms#status" not in current and "http://purl.org/dc/terms/isReplacedBy" not in current


def test_the_exports_carry_the_successor_and_the_verdicts_provenance() -> None:
    import json

    from powerlist.outputs.export import json_bytes, xlsx_bytes
    cat = load_catalog(ROOT / "powers")
    doc = json.loads(json_bytes(cat))
    gone = next(x for x in doc["retired"] if x["id"] == "buhe-jieneng-biaozhun-xiangmu-chufa")
    assert gone["derived"]["successor"] == {"handled_by": "区发展和改革委员会", "notice": "2026-11-26-quxiao",
                                            "doc_number": "解科工〔2026〕23号", "date": "2026-11-26"}
    tech = next(x for x in doc["items"] if x["id"] == "jishu-hetong-dengji")
    assert tech["derived"]["time_verdict"]["verdict"] == "verified-template"
    assert tech["derived"]["time_verdict"]["basis"]["source"] == "依申请办理（受理—审查—决定—送达）"
    book = _book(xlsx_bytes(cat))
    rows = book["已取消事项"]
    assert rows[0][:6] == ("事项编码", "事项名称", "状态", "日期", "依据", "现由哪个机关行使")
    assert rows[1][2] == "已取消" and rows[1][5] == "区发展和改革委员会" and rows[1][4].startswith("解科工〔2026〕23号 ")
    guide = book["办事指南"]
    head = guide[0]
    row = next(r for r in guide if r[1] == "技术合同认定登记")
    assert row[head.index("时限核验")].startswith("按本局通用流程核验（受理、决定")


def test_a_cancellation_that_moved_the_matter_names_its_successor(project, check) -> None:
    f = edit(project / CANCELLED, "  handled_by: 区发展和改革委员会\n", "")
    run = check("powers")
    assert only(run, "PL714") == [
        f"{CANCELLED}:{line_of(f, 'retired:')}:1: warning: retired: 调整公告 2026-11-26-quxiao 说“由区发展和改革委员会行使”，"
        "但事项没有写明现由谁行使（retired.handled_by） [PL714]"]


def test_a_successor_link_is_http_only(project, check) -> None:
    edit(project / CANCELLED, "  handled_by: 区发展和改革委员会\n",
         "  handled_by: 区发展和改革委员会\n  successor_url: javascript:alert(1)\n")
    run = check("powers")
    assert run.code == 1 and "retired.successor_url" in run.out


# --- labels derived, not typed ---------------------------------------------------------

def test_home_cards_exports_and_json_ld_agree_on_every_items_labels() -> None:
    import json

    from powerlist.outputs.export import json_bytes, xlsx_bytes
    from powerlist.view.item import labels, ways
    cat = load_catalog(ROOT / "powers")
    site = pages(ROOT / "powers")
    doc = {x["id"]: x for x in json.loads(json_bytes(cat))["items"]}
    guide = _book(xlsx_bytes(cat))["办事指南"]
    head, by_name = guide[0], {r[1]: r for r in guide[1:]}
    home = htmllib.unescape(site["index.md"].html)
    checked = 0
    for ident, x in cat.entries.items():
        svc = x.item.service
        if svc is None or ident not in doc:
            continue
        want = list(ways(svc))
        page = site[f"items/{ident}/index.md"]
        card = htmllib.unescape(re.sub(r"<[^>]+>", "", summary(page).join(("", ""))))
        assert f"办理方式 {'、'.join(want)} " in card, (ident, card)
        assert doc[ident]["derived"]["ways"] == want and doc[ident]["derived"]["labels"] == list(labels(svc))
        row = by_name[x.item.name]
        assert row[head.index("办理形式")] == "、".join(want)
        assert row[head.index("服务承诺")] == ({0: "零跑腿", 1: "最多跑一次"}.get(svc.visits) or "")
        assert _ld(page)["category"] == list(labels(svc))
        cell = re.search(rf'>{re.escape(x.item.name)}</a></td>.*?<td data-label="办理方式">(.*?)</td>', home)
        if cell:  # the home page lists the first few service items
            assert cell.group(1) == "、".join(want), ident
        checked += 1
    assert checked == sum(1 for x in cat.entries.values() if x.item.service and x.id in doc) > 5


# --- human words only in the history and the notices ------------------------------------

ID_LIKE = re.compile(r"(?<![\w./:-])[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+(?![\w/-])|[\[\]]")


def _history_pages(tmp_path: Path, language: str | None) -> dict[str, Page]:
    """The example list with a past: its items as they were before (a
    template's parameter, an override, the template used, a form, a
    cancellation, all changed since), then as they are, in two commits."""
    import shutil

    from test_history import commit, git
    from powerlist.history import read
    r = tmp_path / "repo"
    for name in ("powers", "flows", "changes"):
        shutil.copytree(ROOT / name, r / name)
    now = {p: (r / p).read_text(encoding="utf-8") for p in (CHENGGUO, CANCELLED, "powers/jishu-hetong-dengji.yaml")}
    tech = r / "powers/jishu-hetong-dengji.yaml"
    edit(tech, "    review_lane: 科技创新股\n", "    review_lane: 综合窗口\n")
    edit(tech, "      label: 退还合同文本\n", "      label: 退还\n")
    edit(tech, "      blank_form: 技术性收入核定表.xlsx\n", "")
    edit(r / CHENGGUO, "  use: yishenqing\n", "  use: shenhe-zhuanbao\n")
    (r / CANCELLED).write_text(now[CANCELLED].split("\nstatus: 已取消")[0] + "\n", encoding="utf-8")
    git(r, "init", "-q", "-b", "main")
    commit(r, "before", "2026-11-20T10:00:00+08:00")
    for p, text in now.items():
        (r / p).write_text(text, encoding="utf-8")
    commit(r, "now", "2026-12-08T10:00:00+08:00")
    cat = load_catalog(r / "powers", r / "flows")
    assert cat.ok, cat.errors
    builder = SiteBuilder(cat, lambda x, v: '<svg viewBox="0 0 300 600"></svg>', Templates(None, language),
                          history=read(cat))
    return {p.path: p for p in builder.pages() if isinstance(p, Page)}


def _words(fragment: str) -> str:
    fragment = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", fragment, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_the_history_and_the_notices_name_things_in_words(tmp_path: Path) -> None:
    for language in (None, "en"):
        site = _history_pages(tmp_path / (language or "zh"), language)
        seen = 0
        for path, page in site.items():
            if path.startswith("changes/"):
                text = _words(page.html)
            elif path.startswith("items/") and 'id="history"' in page.html:
                text = _words(page.html.split('id="history"', 1)[1])
            else:
                continue
            seen += "pl-diff" in page.html
            assert not ID_LIKE.search(text), (language, path, ID_LIKE.findall(text)[:5])
        assert seen >= 4, language  # the changed items' histories and their notices were looked at
        tech = _words(site["items/jishu-hetong-dengji/index.md"].html.split('id="history"', 1)[1])
        gone = _words(site["items/buhe-jieneng-biaozhun-xiangmu-chufa/index.md"].html.split('id="history"', 1)[1])
        chengguo = _words(site["items/keji-chengguo-dengji/index.md"].html.split('id="history"', 1)[1])
        if language is None:
            assert "运行流程 › 步骤“审查”的岗位" in tech
            assert "运行流程 › 步骤“退还合同文本” › 步骤名称" in tech
            assert "办事指南 › 申请材料 “技术性收入核定表” › 空白表格" in tech
            assert "解科工〔2026〕23号 解放区科技和工业信息化局关于取消 1 项权责清单事项的公告" in gone
            assert "运行流程 › 流程模板" in chengguo and "审核转报" in chengguo and "依申请办理" in chengguo
        else:
            assert "Process › Post of the step “审查”" in tech
            assert "Service guide › Documents to submit “技术性收入核定表” › blank form" in tech, tech


def test_every_field_title_is_in_the_catalog_list() -> None:
    """The history names fields by the form's titles in the page's
    language: each title must be marked for the message catalog."""
    import typing

    from pydantic import BaseModel

    from powerlist.history.view import FIELD_TITLES
    from powerlist.core.models import PowerItem
    seen, titles = set(), set()

    def walk(m) -> None:
        if m in seen:
            return
        seen.add(m)
        for f in m.model_fields.values():
            titles.add(f.title)
            todo = [f.annotation]
            while todo:
                t = todo.pop()
                if isinstance(t, type) and issubclass(t, BaseModel):
                    walk(t)
                todo += typing.get_args(t)
    walk(PowerItem)
    assert titles - {None} <= set(FIELD_TITLES)


def test_a_correction_may_withdraw_a_deadline_but_not_add_one(tmp_path: Path, monkeypatch, capsys) -> None:
    """The gate (check --base): a 勘误 record covers a step deadline
    withdrawn (as PL523 asks when the sources give no date) and a
    successor the cancelling notice named; never a new deadline."""
    import shutil

    from conftest import cli
    from test_history import commit, git
    r = tmp_path / "repo"
    for name in ("powers", "flows", "changes"):
        shutil.copytree(ROOT / name, r / name)
    f = r / TEPAIYUAN
    edit(f, "      duration: 5 个工作日\n      stage: 推荐\n      next: notify-yes\n",
         "      duration: 5 个工作日\n      deadline: \"08-13\"\n      stage: 推荐\n      next: notify-yes\n")
    edit(r / CANCELLED, "  handled_by: 区发展和改革委员会\n", "")
    (r / "changes/2026-12-08-kanwu.yaml").unlink()  # the base has none: this change adds its own record
    git(r, "init", "-q", "-b", "main")
    commit(r, "base", "2026-12-08T20:00:00+08:00")
    monkeypatch.chdir(r)
    (r / "changes/2026-12-01-kanwu.yaml").write_text(
        "title: 勘误\npublished: \"2026-12-01\"\nentries:\n  - kind: 勘误\n"
        "    items: [keji-tepaiyuan-shenbao, buhe-jieneng-biaozhun-xiangmu-chufa]\n    summary: 删去无来源的截止日期，写明公告所载的现行使机关\n",
        encoding="utf-8")
    edit(f, "      deadline: \"08-13\"\n", "")
    edit(r / CANCELLED, "  notice: 2026-11-26-quxiao\n", "  notice: 2026-11-26-quxiao\n  handled_by: 区发展和改革委员会\n")
    code, out = cli(capsys, "check", "--base", "main", "powers")
    assert code == 0, out
    edit(f, "      stage: 推荐\n      next: notify-yes\n", "      deadline: \"09-30\"\n      stage: 推荐\n      next: notify-yes\n")
    code, out = cli(capsys, "check", "--base", "main", "powers")
    assert code == 1 and "截止日期" in out and "[PL711]" in out, out
