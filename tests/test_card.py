"""Every fact on every example item's card, read from the built site (a
real `mkdocs build`), compared with the item's YAML and where each fact
comes from (issue 25): name, type, code, basis, time limits with the
provenance of their verdict, visits, fees, ways, status and successor.
The expected values are read from the YAML files themselves, not from the
view model that drew the page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from conftest import ROOT
from test_site import site  # noqa: F401 - the real build, shared with the site tests

TAG = re.compile(r"<[^>]+>")


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAG.sub("", fragment))).strip()


def rows(fragment: str, cell: str = "dd") -> dict[str, str]:
    """<dt>/<th> label → its value's text, in a card's list or a table."""
    if cell == "dd":
        pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", fragment, re.S)
    else:
        pairs = re.findall(r'<th scope="row">(.*?)</th>\s*<td[^>]*>(.*?)</td>', fragment, re.S)
    return {text(k): v for k, v in pairs}


def section(page: str, anchor: str) -> str:
    part = page.split(f'<h2 id="{anchor}">', 1)
    return part[1].split("<h2 ", 1)[0] if len(part) == 2 else ""


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected_ways(svc: dict) -> list[str]:
    """The documented rule (view.ways), applied to the YAML by hand."""
    ch, out = svc.get("channels", {}), []
    online = ch.get("online")
    if online:
        d = online["depth"]
        out.append("全程网办" if d == 4 and svc["visits"] == 0 else "网上可办" if d >= 3 else "网上预审" if d == 2 else "网上咨询")
    if ch.get("mail"):
        out.append("邮寄办理")
    if ch.get("window", True):
        out.append("窗口办理")
    return out


def inherited_times(data: dict) -> bool:
    """Whether a counted step's time comes from the flow template rather
    than the item: a literal time in the template, or a parameter's
    default, that the item neither sets (flow.with) nor overrides."""
    flow = data.get("flow") or {}
    if "use" not in flow:
        return False
    tpl = load(ROOT / "flows" / f"{flow['use']}.yaml")
    given, over = flow.get("with") or {}, flow.get("override") or {}
    for step in tpl["steps"]:
        if step.get("kind") in ("start", "end") or step.get("counts") is False or "duration" not in step:
            continue
        if "duration" in (over.get(step["id"]) or {}):
            continue
        m = re.fullmatch(r"\{(\w+)\}", str(step["duration"]))
        if m is None or m.group(1) not in given:
            return True
    return False


def test_every_card_states_what_its_yaml_states(site: Path) -> None:  # noqa: F811 - the fixture
    checked = 0
    for f in sorted((ROOT / "powers").glob("*.yaml")):
        if f.name.startswith("_"):
            continue
        data, ident = load(f), f.stem
        page = (site / "items" / ident / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r'<h1 id="top">(.*?)</h1>', page, re.S)
        assert text(h1.group(1)) == data["name"], ident
        basic = rows(section(page, "basic"), "td")
        assert text(basic["事项名称"]) == data["name"]
        assert text(basic["权力类型"]) == data["type"], ident
        if data.get("code"):
            assert text(basic["事项编码"]) == data["code"]
        else:
            assert "事项编码" not in basic
        basis = text(section(page, "basis"))
        for c in data.get("basis") or []:
            if isinstance(c, dict) and c.get("title"):
                assert c["title"] in basis, (ident, c["title"])
        card = page.split('class="pl-block pl-summary"', 1)[1].split("</dl>", 1)[0]
        facts = rows(card)
        terms = data.get("service") or data.get("commitment")
        if terms:
            limit = facts["承诺办结时限"]
            assert text(re.search(r"<strong>(.*?)</strong>", limit).group(1)) == str(terms["time_limit"]["promised"]), ident
            verdict = text(limit)
            if "（已按办理流程核验）" in verdict or "（按本局通用流程核验）" in verdict:
                # verified: on the item's own step times, or said to rest on the template's
                assert ("（按本局通用流程核验）" in verdict) == inherited_times(data), (ident, verdict)
            if "flow" not in data:
                assert "（无法核验）" in verdict
            if terms.get("visits") is not None:
                n = terms["visits"]
                assert text(facts["到现场次数"]) == ("零跑腿（0 次）" if n == 0 else f"最多 {n} 次"), ident
            else:
                assert "到现场次数" not in facts
        else:
            assert "承诺办结时限" not in facts and "到现场次数" not in facts
        svc = data.get("service")
        if svc:
            assert text(facts["收费"]) == ("收费，标准见下文" if svc["fee"]["charged"] else "不收费"), ident
            assert text(facts["办理方式"]) == "、".join(expected_ways(svc)), ident
        else:
            assert "收费" not in facts and "办理方式" not in facts
        status = data.get("status", "在用")
        banner = re.search(r'<div class="pl-retired" role="note">(.*?)</div>', page, re.S)
        if status in ("已取消", "已合并"):
            said = text(banner.group(1))
            r = data["retired"]
            y, m, d = (int(x) for x in r["date"].split("-"))
            assert f"本事项已于 {y}年{m}月{d}日 " in said, ident
            if r.get("handled_by"):
                assert f"现由 {r['handled_by']} 行使" in said
                notice = load(ROOT / "changes" / f"{r['notice']}.yaml")
                assert notice["doc_number"] in said and r["handled_by"] in notice["reason"] + "".join(
                    e["summary"] for e in notice["entries"]), ident  # the successor is the notice's, not invented
        else:
            assert banner is None
            assert ("暂停实施" in text(page.split('<h1', 1)[1][:3000])) == (status == "暂停")
        checked += 1
    assert checked == len([p for p in (ROOT / "powers").glob("*.yaml") if not p.name.startswith("_")])
