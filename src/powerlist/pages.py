"""The public-disclosure pages, generated from a checked catalog.

Knows nothing of MkDocs: it returns Markdown documents by path. Every page
lives at `<dir>/index.md`, so its URL is its directory whatever the site's
URL style. Every text that comes from YAML goes through `e()` (HTML
escaping) inside raw HTML blocks, which Markdown passes through untouched:
no YAML text is ever read as Markdown, HTML or a template.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .catalog import Catalog, Entry
from .commitments import promises
from .flowmodel import Step
from .models import Citation, PowerItem, Site

e = html.escape


@dataclass(frozen=True, slots=True)
class Page:
    """A generated file: a Markdown page, or an asset such as a chart."""

    path: str  # e.g. "items/jishu-hetong-dengji/index.md", ".../flowchart.svg"
    markdown: str  # the text of the file
    source: str | None = None  # the data file shown by the page's edit link


def _dir(path: str) -> str:
    return posixpath.dirname(path)


@functools.lru_cache(maxsize=65536)
def href(from_path: str, to_path: str) -> str:
    """Relative link between two generated pages (directory URLs)."""
    rel = posixpath.relpath(_dir(to_path) or ".", _dir(from_path) or ".")
    return "./" if rel == "." else rel + "/"


def item_path(ident: str) -> str:
    return f"items/{ident}/index.md"


def type_slug(site: Site, name: str) -> str:
    t = next((t for t in site.types if t.name == name), None)
    if t is not None and t.abbr:
        return t.abbr.lower()
    return "t-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def unit_slug(name: str) -> str:
    return "u-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def type_path(site: Site, name: str) -> str:
    return f"types/{type_slug(site, name)}/index.md"


def unit_path(name: str) -> str:
    return f"units/{unit_slug(name)}/index.md"


def _front(title: str, **meta: str) -> str:
    """Page metadata. Themes put `title` and `description` into the HTML
    unescaped (MkDocs' Jinja has no autoescape), so they are escaped here;
    JSON strings are valid YAML."""
    lines = ["---", f"title: {json.dumps(e(title), ensure_ascii=False)}"]
    lines += [f"{k}: {json.dumps(e(v), ensure_ascii=False)}" for k, v in meta.items()]
    return "\n".join(lines + ["---", ""])


def _block(inner: str) -> str:
    """A raw HTML block for Markdown: blank lines around, none inside."""
    inner = "\n".join(ln for ln in inner.splitlines() if ln.strip())
    return f"\n<div class=\"pl-block\">\n{inner}\n</div>\n"


def _h2(text: str, anchor: str) -> str:
    return f"\n## {text} {{#{anchor}}}\n"


def _dl(rows: Iterable[tuple[str, str | None]]) -> str:
    """Label/value pairs; values are already HTML."""
    body = "".join(f"<tr><th scope=\"row\">{e(k)}</th><td>{v}</td></tr>" for k, v in rows if v)
    return f"<table class=\"pl-facts\"><tbody>{body}</tbody></table>"


def _table(head: list[str], rows: list[list[str]], cls: str = "pl-table") -> str:
    th = "".join(f"<th scope=\"col\">{e(h)}</th>" for h in head)
    labels = [f" data-label=\"{e(h)}\"" for h in head]  # shown beside each value on phones
    tr = "".join("<tr>" + "".join(f"<td{lb}>{c}</td>" for lb, c in zip(labels, r)) + "</tr>" for r in rows)
    return f"<div class=\"pl-scroll\"><table class=\"{cls}\"><thead><tr>{th}</tr></thead><tbody>{tr}</tbody></table></div>"


def citation_html(c: Citation) -> str:
    parts = [f"《{e(c.title)}》"]
    if c.doc_number:
        parts.append(f"（{e(c.doc_number)}）")
    if c.article:
        parts.append(f" {e(c.article)}")
    head = "".join(parts)
    if c.text:
        return f"<details><summary>{head}</summary><blockquote>{e(c.text)}</blockquote></details>"
    return f"<p>{head}</p>"


def citation_short(c: Citation) -> str:
    return f"《{c.title}》" + (c.article or "")


class SiteBuilder:
    """Builds every page of the site from a catalog whose check passed."""

    def __init__(self, cat: Catalog, chart: Callable[[Entry], str]) -> None:
        assert cat.site is not None and cat.ok
        self.cat = cat
        self.site: Site = cat.site
        self.chart = chart
        self.entries = sorted(cat.entries.values(), key=lambda x: (self._type_rank(x.type_name), x.item.code))
        self._steps_memo: dict[int, tuple[list, str]] = {}
        self.children: dict[str, list[Entry]] = {}
        for x in self.entries:
            if x.item.parent:
                self.children.setdefault(x.item.parent, []).append(x)

    def _type_rank(self, name: str) -> int:
        return next((i for i, t in enumerate(self.site.types) if t.name == name), 99)

    def phone(self, item: PowerItem) -> str:
        if item.supervision and item.supervision.phone:
            return item.supervision.phone
        return self.site.supervision.phone or ""

    # --- pages ---------------------------------------------------------------

    def pages(self) -> Iterator[Page]:
        """Every generated file, one at a time (a large list need not be held
        in memory twice)."""
        yield from (self.home(), self.full_list(), self.types_index(), self.units_index(), self.supervision(),
                    rules_page())
        for t in dict.fromkeys(x.type_name for x in self.entries):
            yield self.type_page(t)
        for u in dict.fromkeys(u for x in self.entries for u in x.item.units):
            yield self.unit_page(u)
        for x in self.entries:
            svg = self.chart(x)
            yield Page(f"items/{x.id}/flowchart.svg", svg)
            yield self.item_page(x, _svg_size(svg))

    def home(self) -> Page:
        path = "index.md"
        a = self.site.authority
        counts = Counter(x.type_name for x in self.entries)
        rows = [[f"<a href=\"{href(path, type_path(self.site, t))}\">{e(t)}</a>", str(n)]
                for t, n in sorted(counts.items(), key=lambda kv: self._type_rank(kv[0]))]
        rows.append(["<strong>合计</strong>", f"<strong>{len(self.entries)}</strong>"])
        services = [x for x in self.entries if x.item.service]
        srows = []
        for x in services:
            svc = x.item.service
            assert svc is not None
            srows.append([
                f"<a href=\"{href(path, item_path(x.id))}\">{e(x.item.name)}</a>",
                e(str(svc.time_limit.promised)),
                e("零跑腿" if svc.visits == 0 else f"最多 {svc.visits} 次"),
                e("网上可办" if svc.channels.online else ("可邮寄" if svc.channels.mail else "窗口办理")),
            ])
        intro = (f"<p>本网站公开{e(a.full_name or a.name)}的权责清单：本机关依法行使的每一项行政权力、"
                 f"它的法律依据、承办机构、责任事项和追责情形，以及每一项权力的运行流程图。</p>")
        promise = ""
        if self.site.promise:
            promise = f"<p class=\"pl-promise\">服务承诺：<strong>只进一扇门、{e(self.site.promise)}</strong>。</p>"
        search = ("<form class=\"pl-search\" role=\"search\" action=\"" + href(path, "list/index.md") + "\" method=\"get\">"
                  "<label for=\"pl-home-q\">查找事项</label>"
                  "<input id=\"pl-home-q\" name=\"q\" type=\"search\" placeholder=\"输入名称中的任意几个字或事项编码\">"
                  "<button type=\"submit\">查找</button></form>")
        md = _front(a.name + " 权责清单")
        md += f"\n# {e(a.name)} 权责清单 {{#top}}\n"
        md += _block(intro + promise + search)
        md += _h2("权力事项统计", "counts") + _block(_table(["权力类型", "事项数"], rows))
        if srows:
            md += _h2("政务服务事项及承诺", "services")
            md += _block(_table(["事项", "承诺时限", "到现场次数", "办理方式"], srows))
        md += _h2("监督", "supervise")
        md += _block(f"<p>监督电话：<a href=\"tel:{e(self.site.supervision.phone or '')}\">{e(self.site.supervision.phone or '')}</a>。"
                     f"对任何一项权力的行使有意见，见<a href=\"{href(path, 'supervision/index.md')}\">监督投诉</a>。</p>")
        return Page(path, md)

    def _list_rows(self, path: str, entries: list[Entry]) -> list[str]:
        rows = []
        for n, x in enumerate(entries, 1):
            it = x.item
            basis = "；".join(citation_short(c) for c in it.basis[:2]) + ("等" if len(it.basis) > 2 else "")
            rows.append(
                f"<tr data-type=\"{e(x.type_name)}\" data-units=\"{e('|'.join(it.units))}\">"
                f"<td data-label=\"序号\">{n}</td><td data-label=\"编码\" class=\"pl-code\">{e(it.code)}</td>"
                f"<td data-label=\"名称\" class=\"pl-name\"><a href=\"{href(path, item_path(x.id))}\">{e(it.name)}</a></td>"
                f"<td data-label=\"类型\">{e(x.type_name)}</td><td data-label=\"承办机构\">{e('、'.join(it.units))}</td>"
                f"<td data-label=\"依据\">{e(basis)}</td></tr>")
        return rows

    def _list_table(self, path: str, entries: list[Entry]) -> str:
        head = "".join(f"<th scope=\"col\">{h}</th>" for h in ("序号", "编码", "名称", "类型", "承办机构", "依据"))
        body = "\n".join(self._list_rows(path, entries))
        return (f"<div class=\"pl-scroll\"><table class=\"pl-table pl-list\"><thead><tr>{head}</tr></thead>"
                f"<tbody>\n{body}\n</tbody></table></div>")

    def full_list(self) -> Page:
        path = "list/index.md"
        types = dict.fromkeys(x.type_name for x in self.entries)
        units = dict.fromkeys(u for x in self.entries for u in x.item.units)
        opts_t = "".join(f"<option value=\"{e(t)}\">{e(t)}</option>" for t in types)
        opts_u = "".join(f"<option value=\"{e(u)}\">{e(u)}</option>" for u in units)
        form = ("<form class=\"pl-filter\" role=\"search\" id=\"pl-filter\">"
                "<label>名称或编码<input id=\"pl-q\" name=\"q\" type=\"search\" autocomplete=\"off\" "
                "placeholder=\"如：技术合同、特派员、410802\"></label>"
                f"<label>权力类型<select id=\"pl-type\" name=\"type\"><option value=\"\">全部</option>{opts_t}</select></label>"
                f"<label>承办机构<select id=\"pl-unit\" name=\"unit\"><option value=\"\">全部</option>{opts_u}</select></label>"
                f"<p class=\"pl-count\" id=\"pl-count\" aria-live=\"polite\">共 {len(self.entries)} 项</p></form>")
        md = _front("权责清单", description="全部权力事项，可按名称、编码、权力类型和承办机构筛选")
        md += "\n# 权责清单 {#top}\n"
        md += _block(f"<p>本机关全部 {len(self.entries)} 项权力事项。输入名称中的任意几个字或编码即可筛选。</p>" + form)
        md += _block(self._list_table(path, self.entries))
        return Page(path, md)

    def types_index(self) -> Page:
        path = "types/index.md"
        counts = Counter(x.type_name for x in self.entries)
        items = "".join(f"<li><a href=\"{href(path, type_path(self.site, t))}\">{e(t)}</a>（{n} 项）</li>"
                        for t, n in sorted(counts.items(), key=lambda kv: self._type_rank(kv[0])))
        return Page(path, _front("按权力类型") + "\n# 按权力类型 {#top}\n" + _block(f"<ul>{items}</ul>"))

    def units_index(self) -> Page:
        path = "units/index.md"
        counts = Counter(u for x in self.entries for u in x.item.units)
        items = "".join(f"<li><a href=\"{href(path, unit_path(u))}\">{e(u)}</a>（{n} 项）</li>" for u, n in counts.items())
        return Page(path, _front("按承办机构") + "\n# 按承办机构 {#top}\n" + _block(f"<ul>{items}</ul>"))

    def type_page(self, name: str) -> Page:
        path = type_path(self.site, name)
        entries = [x for x in self.entries if x.type_name == name]
        md = _front(name) + f"\n# {e(name)} {{#top}}\n"
        md += _block(f"<p>共 {len(entries)} 项。<a href=\"{href(path, 'types/index.md')}\">全部类型</a></p>")
        md += _block(self._list_table(path, entries))
        return Page(path, md)

    def unit_page(self, name: str) -> Page:
        path = unit_path(name)
        entries = [x for x in self.entries if name in x.item.units]
        md = _front(name) + f"\n# {e(name)} {{#top}}\n"
        md += _block(f"<p>{e(name)}承办的权力事项，共 {len(entries)} 项。"
                     f"<a href=\"{href(path, 'units/index.md')}\">全部承办机构</a></p>")
        md += _block(self._list_table(path, entries))
        return Page(path, md)

    def supervision(self) -> Page:
        path = "supervision/index.md"
        sup = self.site.supervision
        a = self.site.authority
        channels = "".join(f"<li>{e(c)}</li>" for c in sup.channels)
        body = (f"<p>对{e(a.full_name or a.name)}行使任何一项权力有意见、建议或投诉，可以通过以下方式反映：</p>"
                + _dl([("监督电话", f"<a href=\"tel:{e(sup.phone or '')}\">{e(sup.phone or '')}</a>"),
                       ("其他方式", f"<ul>{channels}</ul>" if channels else None),
                       ("机关地址", e(a.address))])
                + "<p>各事项页面列出了该事项的承办机构、责任事项和追责情形；事项另有投诉电话的，以事项页面为准。</p>"
                  "<p>对行政行为不服的，可以依法申请行政复议或者提起行政诉讼。</p>")
        return Page(path, _front("监督投诉") + "\n# 监督投诉 {#top}\n" + _block(body))

    # --- the item page ----------------------------------------------------------

    def item_page(self, x: Entry, chart_size: tuple[int, int]) -> Page:
        path = item_path(x.id)
        it = x.item
        svc = it.service
        md = _front(it.name, description=f"{x.type_name} · {it.code}")
        md += f"\n# {e(it.name)} {{#top}}\n"
        md += _block(f"<p class=\"pl-sub\">{e(x.type_name)} · 事项编码 {e(it.code)}"
                     + (" · <strong>暂停实施</strong>" if it.status == "暂停" else "") + "</p>")

        subject = it.subject.name if it.subject else (self.site.authority.full_name or self.site.authority.name)
        nature = it.subject.nature if it.subject else "法定机关"
        parent = None
        if it.parent and it.parent in self.cat.entries:
            p = self.cat.entries[it.parent]
            parent = f"<a href=\"{href(path, item_path(p.id))}\">{e(p.item.name)}</a>"
        units = "、".join(f"<a href=\"{href(path, unit_path(u))}\">{e(u)}</a>" for u in it.units)
        children = self.children.get(x.id, [])
        rows: list[tuple[str, str | None]] = [
            ("事项名称", e(it.name)), ("事项编码", e(it.code)),
            ("基本编码", e(it.basic_code) if it.basic_code else None),
            ("实施编码", e(it.implementation_code) if it.implementation_code else None),
            ("权力类型", f"<a href=\"{href(path, type_path(self.site, x.type_name))}\">{e(x.type_name)}</a>"),
            ("上级事项", parent),
            ("子项", "、".join(f"<a href=\"{href(path, item_path(c.id))}\">{e(c.item.name)}</a>" for c in children) or None),
            ("实施主体", f"{e(subject)}（{e(nature)}）"), ("承办机构", units),
            ("行使层级", e("、".join(it.levels))), ("权力来源", e(it.source)),
        ]
        if svc:
            rows += [("服务对象", e("、".join(svc.audience))), ("办件类型", e(svc.case_type)),
                     ("进驻政务服务大厅", "是" if svc.in_hall else "否")]
        if it.remark:
            rows.append(("备注", e(it.remark)))
        md += _h2("基本信息", "basic") + _block(_dl(rows))
        md += _h2("设定和实施依据", "basis") + _block("".join(citation_html(c) for c in it.basis))

        if svc:
            md += _h2("受理条件", "conditions") + _block("<ol>" + "".join(f"<li>{e(c)}</li>" for c in svc.conditions) + "</ol>")
            if svc.materials:
                mrows = []
                for n, m in enumerate(svc.materials, 1):
                    notes = [m.condition and f"仅在以下情形提交：{m.condition}", m.spec, m.note]
                    note = "；".join(e(t) for t in notes if t)
                    if m.blank_form:
                        note += f" <a href=\"{e(m.blank_form)}\" rel=\"noopener\">空白表格</a>"
                    form = m.form + (f"（{m.original}）" if m.original else "")
                    mrows.append([str(n), e(m.name), e(form), e(str(m.copies)) if m.copies else "—",
                                  e(m.necessity), e(m.source), note or "—"])
                md += _h2("申请材料", "materials")
                md += _block(_table(["序号", "材料名称", "材料形式", "份数", "必要性", "来源", "说明"], mrows))

        md += _h2("办理流程", "flow") + _block(self._flow_html(x, chart_size))

        if svc:
            md += _h2("办理时限与承诺", "promises") + _block(self._promises_html(x))
            if svc.fee.charged:
                frows = [[e(f.name), e(f.standard), e(f.basis), "是" if f.waivable else "否"] for f in svc.fee.items]
                md += _h2("收费", "fee") + _block(_table(["收费项目", "收费标准", "收费依据", "可否减免"], frows))
            else:
                md += _h2("收费", "fee") + _block("<p>不收费。</p>")
            ways = []
            if svc.channels.window:
                ways.append("窗口办理")
            if svc.channels.online:
                o = svc.channels.online
                ways.append(f"网上办理：<a href=\"{e(o.url)}\" rel=\"noopener\">{e(o.url)}</a>（网上办理深度 {o.depth} 级）")
            if svc.channels.mail:
                ways.append("快递/邮寄申请")
            md += _h2("办理方式、地点和时间", "where")
            md += _block(_dl([("办理方式", "<br>".join(ways)), ("申报时间", e(svc.schedule) if svc.schedule else None),
                              ("办理地点", e(svc.location)), ("办理时间", e(svc.hours))]))
            complaint = svc.complaint.phone if svc.complaint else self.phone(it)
            md += _h2("咨询与投诉", "contact")
            md += _block(_dl([("咨询电话", f"<a href=\"tel:{e(svc.consult.phone)}\">{e(svc.consult.phone)}</a>"),
                              ("咨询地址", e(svc.consult.address) if svc.consult.address else None),
                              ("投诉电话", f"<a href=\"tel:{e(complaint)}\">{e(complaint)}</a>")]))
            if svc.result:
                r = svc.result
                md += _h2("办理结果", "result")
                md += _block(_dl([("结果名称", e(r.name)), ("结果类型", e(r.type)),
                                  ("领取方式", e("、".join(r.delivery)) if r.delivery else None)]))
            if svc.faq:
                md += _h2("常见问题", "faq")
                md += _block("".join(f"<details><summary>{e(f.q)}</summary><p>{e(f.a)}</p></details>" for f in svc.faq))

        md += _h2("责任事项", "duties")
        md += _block(_table(["环节", "责任内容"], [[e(r.stage), e(r.content)] for r in it.responsibilities]))
        acc = it.accountability
        basis = "".join(citation_html(c) for c in acc.basis)
        md += _h2("追责情形", "accountability")
        md += _block("<ol>" + "".join(f"<li>{e(c)}</li>" for c in acc.cases) + "</ol>"
                     + (f"<p><strong>追责依据</strong></p>{basis}" if basis else ""))
        if it.risks:
            md += _h2("廉政风险点", "risks")
            md += _block(_table(["环节", "风险点", "等级", "防控措施"],
                                [[e(r.stage), e(r.point), e(r.level), e(r.measure)] for r in it.risks]))
        sup = it.supervision
        channels = list(sup.channels) if sup and sup.channels else list(self.site.supervision.channels)
        md += _h2("监督方式", "supervision")
        md += _block(_dl([("监督电话", f"<a href=\"tel:{e(self.phone(it))}\">{e(self.phone(it))}</a>"),
                          ("其他方式", "<br>".join(e(c) for c in channels) or None)]))
        md += _block(self._json_ld(x))
        return Page(path, md, source=x.file)

    def _steps_html(self, x: Entry) -> str:
        """The ordered list of steps; items that use a template alike share it."""
        assert x.flow is not None
        hit = self._steps_memo.get(id(x.flow.steps))
        if hit is None or hit[0] is not x.flow.steps:
            html_ = "".join(f"<li id=\"s-{e(s.id)}\">{self._step_html(s, x)}</li>" for s in x.flow.steps)
            hit = self._steps_memo[id(x.flow.steps)] = (x.flow.steps, html_)
        return hit[1]

    def _flow_html(self, x: Entry, size: tuple[int, int]) -> str:
        steps = [self._steps_html(x)]
        w, h = size
        img = (f"<a href=\"flowchart.svg\" title=\"打开流程图原图，可放大查看\"><img src=\"flowchart.svg\" "
               f"width=\"{w}\" height=\"{h}\" style=\"--pl-w:{w}\" "
               f"alt=\"{e(x.item.name)}运行流程图，各步骤见流程步骤列表\"></a>")
        return (f"<div class=\"pl-flow\"><figure class=\"pl-chart\"><div class=\"pl-chart-scroll\">{img}</div>"
                f"<figcaption>{e(x.item.name)}运行流程图（点击图片打开原图）</figcaption></figure>"
                f"<div class=\"pl-steps\"><p class=\"pl-steps-title\">流程步骤</p><ol>{''.join(steps)}</ol></div></div>")

    def _step_html(self, s: Step, x: Entry) -> str:
        facts = [s.lane or ""]
        if s.kind in ("task", "decision"):
            facts.append(str(s.duration) if s.duration else "即办")
        if not s.counts:
            facts.append("不计入办理时限")
        if s.in_person:
            facts.append("申请人须到现场")
        text = s.label
        if s.kind == "end" and s.outcome and s.outcome not in s.label:
            text += f"：{s.outcome}"
        out = f"<strong>{e(text)}</strong>"
        shown = [f for f in facts if f]
        if shown:
            out += f"<span class=\"pl-step-facts\">（{e('，'.join(shown))}）</span>"
        if s.note:
            out += f"<br><span class=\"pl-step-note\">{e(s.note)}</span>"
        assert x.flow is not None
        if s.kind == "decision" or any(t.loop for t in s.targets):
            exits = []
            for t in s.targets:
                target = x.flow.by_id[t.to]
                exits.append(f"{e(t.label or '')} → 第 {x.flow.index[t.to] + 1} 步“{e(target.label)}”"
                             + ("（回退）" if t.loop else ""))
            out += "<br><span class=\"pl-step-exits\">" + "；".join(exits) + "</span>"
        return out

    def _promises_html(self, x: Entry) -> str:
        svc = x.item.service
        assert svc is not None and x.analysis is not None
        tl = svc.time_limit
        checks = {p.title: p for p in promises(x.analysis, x.item)}

        def verdict(title: str) -> str:
            p = checks.get(title)
            if p is None:
                return ""
            mark = {True: "pl-ok\">✓ 流程核验符合", False: "pl-bad\">✗ 流程核验不符", None: "pl-bad\">? 无法核验"}[p.holds]
            return f"<br><span class=\"{mark}</span>：{e(p.detail)}"

        statutory = e(str(tl.statutory)) if tl.statutory else "法律法规未规定"
        if tl.statutory_note:
            statutory += f"<br><span class=\"pl-step-note\">{e(tl.statutory_note)}</span>"
        promised = f"<strong>{e(str(tl.promised))}</strong>"
        if tl.promised_note:
            promised += f"<br><span class=\"pl-step-note\">{e(tl.promised_note)}</span>"
        visits = f"<strong>{'零跑腿（0 次）' if svc.visits == 0 else f'最多 {svc.visits} 次'}</strong>"
        if svc.visits_reason:
            visits += f"<br><span class=\"pl-step-note\">须到现场的原因：{e(svc.visits_reason)}</span>"
        return _dl([("法定办结时限", statutory + verdict("法定时限")),
                    ("承诺办结时限", promised + verdict("承诺时限")),
                    ("到办事现场次数", visits + verdict("到现场次数"))])

    def _json_ld(self, x: Entry) -> str:
        it = x.item
        a = self.site.authority
        doc: dict = {
            "@context": "https://schema.org", "@type": "GovernmentService",
            "name": it.name, "identifier": it.code, "serviceType": x.type_name,
            "provider": {"@type": "GovernmentOrganization", "name": a.full_name or a.name, "address": a.address},
            "areaServed": {"@type": "AdministrativeArea", "name": a.region},
        }
        svc = it.service
        if svc:
            doc["audience"] = [{"@type": "Audience", "audienceType": t} for t in svc.audience]
            channel: dict = {"@type": "ServiceChannel",
                             "serviceLocation": {"@type": "Place", "name": svc.location},
                             "servicePhone": {"@type": "ContactPoint", "telephone": svc.consult.phone}}
            if svc.channels.online:
                channel["serviceUrl"] = svc.channels.online.url
            p = svc.time_limit.promised
            if p.unit.value == "日":
                channel["processingTime"] = f"P{p.amount}D"
            elif p.is_instant:
                channel["processingTime"] = "PT0S"
            doc["availableChannel"] = channel
            if svc.result:
                doc["serviceOutput"] = {"@type": "Thing", "name": svc.result.name}
        text = json.dumps(doc, ensure_ascii=False, sort_keys=True)
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return f"<script type=\"application/ld+json\">{text}</script>"


def rules_page() -> Page:
    """Every check rule, from the rule registry itself, so the guide never drifts."""
    from .rules import RULES, Severity

    rows = [[f"<code id=\"{r.code.lower()}\">{r.code}</code>", "错误" if r.severity is Severity.ERROR else "警告",
             e(r.title), e(r.help)] for r in sorted(RULES.values(), key=lambda r: r.code)]
    intro = ("<p><code>powerlist check</code> 报告的每个问题都带有规则编号，如 <code>[PL401]</code>。"
             "“错误”必须改正，否则网站不会发布；“警告”建议改正。</p>")
    md = _front("检查规则") + "\n# 检查规则 {#top}\n"
    md += _block(intro + _table(["编号", "级别", "问题", "怎么改"], rows))
    return Page("guide/rules/index.md", md)


def _svg_size(svg: str) -> tuple[int, int]:
    """The chart's size in CSS pixels (1 px per point: the phone size)."""
    m = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    assert m, "chart without a viewBox"
    return round(float(m.group(1))), round(float(m.group(2)))


def build_pages(cat: Catalog, chart: Callable[[Entry], str]) -> Iterator[Page]:
    return SiteBuilder(cat, chart).pages()


def write_pages(pages: Iterable[Page], docs_dir) -> None:
    """The pages as plain Markdown files: what MkDocs gets without the plugin."""
    from pathlib import Path

    for page in pages:
        path = Path(docs_dir) / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
