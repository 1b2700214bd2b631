"""Items as CPSV-AP 3.2 public services (the EU's Core Public Service
Vocabulary Application Profile): JSON-LD written with `json`, Turtle with
rdflib, both from one list of nodes, so they say the same.

Each item is a `cpsv:PublicService` with its identifier, name and a
description made of its facts, its competent authority (the 实施主体, a
`cv:PublicOrganisation` in its body's region; an organisation the item
alone names is in a region written 未载明, never borrowed), its legal basis
(`eli:LegalResource`), its status, and, for items with a service guide, the
acceptance conditions (`cv:Requirement`), the materials (`cv:Evidence`), the
result (`cv:Output`), the fees (`cv:Cost`), the channels (`cv:Channel`), the
contact points and the promised processing time. What portals' guides
also state goes where CPSV-AP has a place for it: 数量限制 and each 中介服务
are requirements (`cv:Requirement`); 受理和审查标准, 容缺受理, 告知承诺制 and the
applicant's rights and duties are rules the service follows (`cpsv:follows`
a `cpsv:Rule`); the 送达时限 is in the output's description; 特殊环节 are
extension nodes (`pl:specialStep`, linked to their step). 救济途径 has no
CPSV-AP property (it is neither a channel, a contact point of the service
nor a requirement) and is left out.

What CPSV-AP cannot say is left out rather than bent: `cv:processingTime`
is an ISO 8601 duration, so a promise in calendar days becomes `P{n}D` and
即办 `PT0S`, while a promise in working days (or 当天) has no such form and is
given only in the extension below; `cv:isDefinedBy` names the organisation
that sets a fee, which the data does not name, so the fee's basis is a
legal resource related to the cost instead.

The process steps, which CPSV-AP has no class for, use a small documented
extension (`pl:`, see README.md, Standards): the service `pl:hasProcedure` a
`pl:Procedure` whose `pl:step`s (`pl:Step`, numbered by `pl:order`) carry
their post, time limit (as written, with unit and amount), whether they
count toward the limit, whether the applicant must come, and their exits
(`pl:Exit`: `pl:to`, `pl:label`, `pl:loop`).

Every node has an IRI under `urn:powerlist:<authority>:` (the authority's
unified social credit code, else a digest of its name), so the same data
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterable

from .bpmn import UNIT_NAMES  # the same unit names in both
from ..core.bodies import OWN, Body, foreign_subject, own_body
from ..core.records import Entry
from ..core.durations import Duration, Unit
from ..core.models import NOT_STATED, Citation, Site

# each status its own concept: a suspended item may come back, a cancelled or merged one does not
STATUS_IRIS = {"在用": "active", "暂停": "suspended", "已取消": "withdrawn", "已合并": "merged"}

__all__ = ["CONTEXT", "nodes", "jsonld_bytes", "turtle_bytes", "service_iri", "base_iri"]

CONTEXT = {
    "adms": "http://www.w3.org/ns/adms#",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "locn": "http://www.w3.org/ns/locn#",
    "pl": "urn:powerlist:vocab:",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LANG = "zh"
CNY = "http://publications.europa.eu/resource/authority/currency/CNY"


@dataclass(frozen=True, slots=True)
class Text:
    """A literal in the data's language."""

    value: str


@dataclass(frozen=True, slots=True)
class Typed:
    """A literal of an XSD type, written as its lexical form."""

    value: str
    datatype: str  # a compact IRI, e.g. xsd:duration


@dataclass(frozen=True, slots=True)
class Ref:
    """Another node, by IRI."""

    iri: str


Value = Text | Typed | Ref | str | int | bool  # str: a plain literal (identifiers)


@dataclass(slots=True)
class Node:
    iri: str
    types: tuple[str, ...]
    props: dict[str, list[Value]] = field(default_factory=dict)

    def add(self, prop: str, *values: Value | None) -> "Node":
        for v in values:
            if v is not None:
                self.props.setdefault(prop, []).append(v)
        return self


def base_iri(site: Site) -> str:
    a = site.authority
    key = a.credit_code or hashlib.sha1((a.full_name or a.name).encode("utf-8")).hexdigest()[:16]
    return f"urn:powerlist:{key}/"


def service_iri(site: Site, ident: str) -> str:
    return f"{base_iri(site)}service.{ident}"


def _text(value: str | None) -> Text | None:
    return Text(value) if value else None


def _duration(d: Duration) -> Typed | None:
    """ISO 8601, only where it is exact."""
    if d.unit is Unit.DAY:
        return Typed(f"P{d.amount}D", "xsd:duration")
    if d.unit is Unit.INSTANT:
        return Typed("PT0S", "xsd:duration")
    return None


def _time_props(node: Node, prefix: str, d: Duration | None) -> None:
    if d is None:
        return
    node.add(f"pl:{prefix}", Text(str(d)))
    node.add(f"pl:{prefix}Unit", UNIT_NAMES[d.unit])
    if d.unit in (Unit.WORKDAY, Unit.DAY):
        node.add(f"pl:{prefix}Amount", d.amount)


def _citation(iri: str, c: Citation) -> Node:
    n = Node(iri, ("eli:LegalResource",)).add("dct:title", Text(c.name)).add("dct:identifier", c.doc_number)
    return n.add("dct:description", _text("：".join(x for x in (c.article, c.text) if x)))


def nodes(e: Entry, site: Site, body: Body | None = None) -> list[Node]:
    """The item as CPSV-AP nodes (and the extension's), the service first.
    Its competent authority is its body (`bodies`; the site's own authority
    when not given), in the body's region (else the government's)."""
    it = e.item
    base = base_iri(site)
    s = service_iri(site, e.id)
    a = site.authority
    body = body or own_body(site)
    subject = it.subject.name if it.subject else body.title
    own = foreign_subject(it, body) is None
    org_iri = ((f"{base}authority" if body.id == OWN else f"{base}body.{body.id}") if own
               else f"{base}organisation.{hashlib.sha1(subject.encode('utf-8')).hexdigest()[:16]}")
    elsewhere = body.region != a.region  # a body in a region of its own
    region = f"{base}region.{body.id}" if elsewhere else f"{base}region"
    # an organisation other than the body (an item's 实施主体 named by the item alone) is in a region
    # the data does not give: CPSV-AP requires a location, so it gets one that says 未载明, never the body's
    unstated = f"{base}region.unstated"
    status = STATUS_IRIS[it.status]
    kind = f"{base}type.{hashlib.sha1(e.type_name.encode('utf-8')).hexdigest()[:16]}"
    svc = it.service
    facts = [f"{e.type_name}事项，实施主体：{subject}（{it.subject.nature if it.subject else body.nature}）",
             f"承办机构：{'、'.join(it.units) or NOT_STATED}", f"行使层级：{'、'.join(it.levels) or NOT_STATED}",
             f"权力来源：{it.source}"]
    service = Node(s, ("cpsv:PublicService",)).add("dct:identifier", it.code or e.id).add("dct:title", Text(it.name))
    service.add("dct:description", Text("；".join(facts) + "。"))
    service.add("cv:hasCompetentAuthority", Ref(org_iri)).add("adms:status", Ref(f"{base}status.{status}"))
    service.add("cv:isClassifiedBy", Ref(kind)).add("dct:spatial", Ref(region))
    out = [service]
    org = Node(org_iri, ("cv:PublicOrganisation",)).add("skos:prefLabel", Text(subject))
    org.add("dct:spatial", Ref(region if own else unstated))
    if own:
        org.add("dct:identifier", body.credit_code)
    else:
        out.append(Node(unstated, ("dct:Location",)).add("dct:description", Text(NOT_STATED)))
    out.append(org)
    out.append(Node(region, ("dct:Location",)).add("locn:geographicName", Text(body.region))
               .add("dct:identifier", body.region_code))
    out.append(Node(f"{base}status.{status}", ("skos:Concept",)).add("skos:prefLabel", Text(it.status)))
    out.append(Node(kind, ("skos:Concept",)).add("skos:prefLabel", Text(e.type_name)))
    for i, c in enumerate(it.basis, 1):
        iri = f"{s}.legal.{i}"
        service.add("cv:hasLegalResource", Ref(iri))
        out.append(_citation(iri, c))
    terms = it.terms
    if terms is not None:  # the promises: in the guide, or a commitment made without one
        tl = terms.time_limit
        service.add("cv:processingTime", _duration(tl.promised))
        _time_props(service, "promisedTime", tl.promised)
        _time_props(service, "statutoryTime", tl.statutory)
        service.add("pl:visits", terms.visits)
    if svc is not None:
        out += _guide(e, s, service)
    if e.flow is not None:
        out += _procedure(e, s, service)
    return out


def _guide(e: Entry, s: str, service: Node) -> list[Node]:
    svc = e.item.service
    assert svc is not None
    ident = e.item.code or e.id
    out: list[Node] = []
    for i, cond in enumerate(svc.conditions, 1):
        iri = f"{s}.requirement.{i}"
        service.add("cv:holdsRequirement", Ref(iri))
        out.append(Node(iri, ("cv:Requirement",)).add("dct:identifier", f"{ident}-R{i}").add("dct:title", Text(cond)))
    for i, m in enumerate(svc.materials, 1):
        iri = f"{s}.evidence.{i}"
        service.add("cpsv:hasInput", Ref(iri))
        facts = [m.form, m.necessity, m.source] + ([f"{m.copies} 份"] if m.copies else []) + ([m.original] if m.original else [])
        facts += [x for x in (m.condition and f"需要提交的情形：{m.condition}", m.spec, m.note) if x]
        ev = Node(iri, ("cv:Evidence",)).add("dct:identifier", f"{ident}-M{i}").add("dct:title", Text(m.name))
        out.append(ev.add("dct:description", Text("；".join(facts))))
    if svc.quantity_limit:
        iri = f"{s}.requirement.quantity"
        service.add("cv:holdsRequirement", Ref(iri))
        out.append(Node(iri, ("cv:Requirement",)).add("dct:identifier", f"{ident}-RQ").add("dct:title", Text("数量限制"))
                   .add("dct:description", Text(svc.quantity_limit)))
    for i, im in enumerate(svc.intermediaries or [], 1):  # 无 has no CPSV-AP form: nothing is said
        iri = f"{s}.requirement.intermediary.{i}"
        service.add("cv:holdsRequirement", Ref(iri))
        facts = [x for x in (im.provider and f"服务机构：{im.provider}", im.fee and f"收费：{im.fee}", im.basis and f"依据：{im.basis}") if x]
        out.append(Node(iri, ("cv:Requirement",)).add("dct:identifier", f"{ident}-RI{i}")
                   .add("dct:title", Text(f"中介服务：{im.name}")).add("dct:description", _text("；".join(facts))))
    rules = [("standards", "受理和审查标准", "；".join(svc.standards)),
             ("tolerance", "容缺受理", _allowance(svc.tolerance)), ("pledge", "告知承诺制", _allowance(svc.pledge)),
             ("rights", "申请人权利和义务", "；".join([f"权利：{x}" for x in svc.rights] + [f"义务：{x}" for x in svc.duties]))]
    for key, title, words in rules:  # the rules the service follows, where the guide states them
        if words:
            iri = f"{s}.rule.{key}"
            service.add("cpsv:follows", Ref(iri))
            out.append(Node(iri, ("cpsv:Rule",)).add("dct:identifier", f"{ident}-{key}").add("dct:title", Text(title))
                       .add("dct:description", Text(words)))
    for i, x in enumerate(svc.special_steps, 1):  # the extension: CPSV-AP has no steps
        iri = f"{s}.special.{i}"
        service.add("pl:specialStep", Ref(iri))
        n = Node(iri, ("pl:SpecialStep",)).add("dct:title", Text(x.name)).add("pl:countsTowardLimit", False)
        _time_props(n, "duration", x.duration)
        n.add("dct:description", _text(x.basis and f"依据：{x.basis}"))
        out.append(n.add("pl:step", Ref(f"{s}.step.{x.step}") if x.step and e.flow and x.step in e.flow.by_id else None))
    if svc.result is not None:
        iri = f"{s}.output"
        service.add("cpsv:produces", Ref(iri))
        r = svc.result
        result_words = [r.type, *r.delivery] + ([f"送达时限：{r.delivery_limit}"] if r.delivery_limit else [])
        out.append(Node(iri, ("cv:Output",)).add("dct:identifier", f"{ident}-O").add("dct:title", Text(r.name))
                   .add("dct:description", Text("；".join(result_words))))
    if not svc.fee.charged:
        iri = f"{s}.cost.1"
        service.add("cv:hasCost", Ref(iri))
        out.append(Node(iri, ("cv:Cost",)).add("dct:identifier", f"{ident}-C1").add("cv:hasValue", Typed("0.0", "xsd:double"))
                   .add("cv:currency", Ref(CNY)).add("dct:description", Text("不收费")))
        out.append(Node(CNY, ("skos:Concept",)))
    for i, f in enumerate(svc.fee.items if svc.fee.charged else [], 1):
        iri = f"{s}.cost.{i}"
        service.add("cv:hasCost", Ref(iri))
        basis = f"{iri}.basis"
        words = f"{f.name}：{f.standard}；收费依据：{f.basis}" + ("；可减免" if f.waivable else "")
        out.append(Node(iri, ("cv:Cost",)).add("dct:identifier", f"{ident}-C{i}").add("dct:description", Text(words))
                   .add("dct:relation", Ref(basis)))
        out.append(Node(basis, ("eli:LegalResource",)).add("dct:title", Text(f.basis)))
    hours = f"{s}.hours"
    out.append(Node(hours, ("time:TemporalEntity",)).add("dct:description", Text(svc.hours)))
    ways = []
    if svc.channels.window:
        ways.append(("window", f"窗口办理：{svc.location}", True))
    if svc.channels.online:
        o = svc.channels.online
        ways.append(("online", f"网上办理：{o.url}（网上办理深度 {o.depth}）", False))
    if svc.channels.mail:
        ways.append(("mail", "快递/邮寄申请", False))
    if svc.channels.appointment:
        ways.append(("appointment", f"网上预约：{svc.channels.appointment}", False))
    if svc.channels.progress:
        ways.append(("progress", f"办理进度查询：{svc.channels.progress}", False))
    for name, words, in_hours in ways:
        iri = f"{s}.channel.{name}"
        service.add("cv:hasChannel", Ref(iri))
        ch = Node(iri, ("cv:Channel",)).add("dct:identifier", f"{ident}-{name}").add("dct:description", Text(words))
        out.append(ch.add("cv:openingHours", Ref(hours) if in_hours else None))
    c = svc.consult
    contact = Node(f"{s}.contact", ("cv:ContactPoint",)).add("cv:telephone", c.phone).add("cv:email", c.email)
    out.append(contact.add("cv:openingHours", Ref(hours)).add("dct:description", _text(c.address)))
    service.add("cv:contactPoint", Ref(contact.iri))
    if svc.complaint is not None:
        k = svc.complaint
        complaint = Node(f"{s}.complaint", ("cv:ContactPoint",)).add("cv:telephone", k.phone).add("cv:email", k.email)
        out.append(complaint.add("dct:description", Text("监督投诉")))
        service.add("cv:contactPoint", Ref(complaint.iri))
    return out


def _allowance(a) -> str:
    return "" if a is None else ("实行" if a.applies else "不实行") + (f"：{a.note}" if a.note else "")


def _procedure(e: Entry, s: str, service: Node) -> list[Node]:
    flow = e.flow
    assert flow is not None
    proc = Node(f"{s}.procedure", ("pl:Procedure",))
    service.add("pl:hasProcedure", Ref(proc.iri))
    out = [proc]
    for i, st in enumerate(flow.steps, 1):
        iri = f"{s}.step.{st.id}"
        proc.add("pl:step", Ref(iri))
        n = Node(iri, ("pl:Step",)).add("dct:identifier", st.id).add("pl:order", i).add("pl:kind", st.kind)
        n.add("dct:title", Text(st.label)).add("pl:lane", _text(st.lane)).add("pl:stage", _text("、".join(st.stages) or None))
        n.add("pl:outcome", _text(st.outcome)).add("dct:description", _text(st.note))
        _time_props(n, "duration", st.duration)
        n.add("pl:countsTowardLimit", st.counts).add("pl:inPerson", st.in_person)
        for j, t in enumerate(st.targets):
            x = Node(f"{iri}.exit.{j}", ("pl:Exit",)).add("pl:to", Ref(f"{s}.step.{t.to}")).add("pl:label", _text(t.label))
            out.append(x.add("pl:loop", t.loop))
            n.add("pl:exit", Ref(x.iri))
        out.append(n)
    return out


# --- JSON-LD --------------------------------------------------------------------------

def _json_node(n: Node, short, convert) -> dict:
    """`short` writes an IRI under the list's base as `list:…`; `convert`
    gives a value's writer by its class (see `jsonld_bytes`)."""
    doc: dict = {"@id": short(n.iri), "@type": list(n.types)}
    for prop, values in n.props.items():
        doc[prop] = [f(v) if (f := convert(type(v))) else v for v in values]
    return doc


def _unique(all_nodes: Iterable[Node]) -> list[Node]:
    """Nodes by IRI (a node shared by items, such as the authority, once), sorted."""
    seen: dict[str, Node] = {}
    for n in all_nodes:
        seen.setdefault(n.iri, n)
    return [seen[k] for k in sorted(seen)]


def jsonld_bytes(all_nodes: Iterable[Node], base: str | None = None) -> bytes:
    """`base` (see `base_iri`) becomes the prefix `list:`: IRIs under it are
    written short, which halves a file."""
    context = {**CONTEXT, "list": base} if base else CONTEXT
    cut = len(base) if base else 0

    def short(iri: str) -> str:
        return "list:" + iri[cut:] if base and iri.startswith(base) else iri

    convert = {  # by the value's class; strings, integers and booleans are JSON-LD's own literals
        Text: lambda v: {"@value": v.value, "@language": LANG},
        Typed: lambda v: {"@value": v.value, "@type": v.datatype},
        Ref: lambda v: {"@id": short(v.iri)},
    }.get
    doc = {"@context": context, "@graph": [_json_node(n, short, convert) for n in _unique(all_nodes)]}
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


# --- Turtle ---------------------------------------------------------------------------

def graph(all_nodes: Iterable[Node], base: str | None = None):
    """The nodes as an rdflib graph; `base` (see `base_iri`) gets the prefix
    `list:`, so that Turtle writes short names (and rdflib finds them fast)."""
    from rdflib import RDF, Graph, Literal, Namespace, URIRef

    g = Graph(bind_namespaces="none")
    for prefix, uri in CONTEXT.items():
        g.bind(prefix, Namespace(uri))
    if base is not None:
        g.bind("list", Namespace(base))

    def expand(term: str) -> URIRef:
        prefix, local = term.split(":", 1)
        return URIRef(CONTEXT[prefix] + local)

    for n in _unique(all_nodes):
        subject = URIRef(n.iri)
        for t in n.types:
            g.add((subject, RDF.type, expand(t)))
        for prop, values in n.props.items():
            p = expand(prop)
            o: Literal | URIRef
            for v in values:
                if isinstance(v, Text):
                    o = Literal(v.value, lang=LANG)
                elif isinstance(v, Typed):
                    o = Literal(v.value, datatype=expand(v.datatype))
                elif isinstance(v, Ref):
                    o = URIRef(v.iri)
                else:
                    o = Literal(v)
                g.add((subject, p, o))
    return g


def turtle_bytes(all_nodes: Iterable[Node], base: str | None = None) -> bytes:
    return graph(all_nodes, base).serialize(format="turtle", encoding="utf-8")
