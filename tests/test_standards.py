"""`powerlist export --format bpmn|cpsv`, checked by the standards' own
tools on every example item: the BPMN 2.0 XSD (from SpiffWorkflow's wheel,
with lxml), bpmnlint's recommended rules (npm, offline), SpiffWorkflow
running every route that `walk` reports, and pySHACL with the official
CPSV-AP 3.2.0 shapes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from lxml import etree

from conftest import ROOT, cli, current_ids, edit
from powerlist.outputs import bpmn
from powerlist.view import walk
from powerlist.core.catalog import load_catalog

BPMN = bpmn.NS["bpmn"]
Q = {"bpmn": BPMN, "bpmndi": bpmn.NS["bpmndi"], "pl": bpmn.NS["pl"]}
SHAPES = Path(__file__).parent / "data/cpsv-ap-3.2.0/cpsv-ap-SHACL.ttl"
NODE_TOOLS = ROOT / ".cache/node"


@pytest.fixture(scope="module")
def catalog():
    cat = load_catalog(ROOT / "powers", ROOT / "flows")
    assert cat.ok and len(cat.entries) >= 10
    return cat


@pytest.fixture(scope="module")
def exported(tmp_path_factory, catalog) -> dict[str, Path]:
    """Every example item as a BPMN file, written by the real command."""
    out = tmp_path_factory.mktemp("bpmn") / "all"
    from powerlist.cli.main import main

    assert main(["export", "--format", "bpmn", "--powers", str(ROOT / "powers"), "-o", str(out)]) == 0
    files = {p.stem: p for p in sorted(out.glob("*.bpmn"))}
    assert set(files) == current_ids(ROOT / "powers")
    return files


def _broken(path: Path, tmp: Path, old: str, new: str, how: str = "broken") -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    copy = tmp / f"{how}-{path.name}"
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


# --- BPMN: the XSD ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    import SpiffWorkflow

    schema = Path(SpiffWorkflow.__file__).parent / "bpmn/parser/schema/BPMN20.xsd"  # imports the DI schemas
    return etree.XMLSchema(etree.parse(str(schema)))


def test_every_bpmn_file_is_valid_against_the_bpmn_20_xsd(exported, xsd, tmp_path: Path) -> None:
    for ident, path in exported.items():
        doc = etree.parse(str(path))
        assert xsd.validate(doc), f"{ident}: {xsd.error_log}"
        # the drawing is there: a shape for every flow node and lane, an edge for every flow
        drawn = {el.get("bpmnElement") for el in doc.iterfind(".//bpmndi:BPMNShape", Q)}
        drawn |= {el.get("bpmnElement") for el in doc.iterfind(".//bpmndi:BPMNEdge", Q)}
        process = doc.find("bpmn:process", Q)
        elements = {el.get("id") for el in process if el.tag != f"{{{BPMN}}}laneSet" and el.get("id")}
        elements |= {el.get("id") for el in process.iterfind(".//bpmn:lane", Q)}
        assert elements and elements <= drawn, ident
    # and the schema does find problems
    bad = _broken(exported["jishu-hetong-dengji"], tmp_path, ' targetRef="', ' target="')
    assert not xsd.validate(etree.parse(str(bad)))


# --- BPMN: bpmnlint -----------------------------------------------------------------------

def _bpmnlint(*files: Path) -> dict[str, list[dict]]:
    node = shutil.which("node")
    if node is None or not (NODE_TOOLS / "node_modules/bpmnlint").is_dir():
        if os.environ.get("CI") or shutil.which("npm"):
            pytest.fail("node or the bpmnlint package is missing: scripts/test installs them")
        pytest.skip("npm is not installed, so bpmnlint cannot be (scripts/test installs it with npm)")
    out = subprocess.run([node, str(ROOT / "tests/bpmnlint.cjs"), str(NODE_TOOLS), *map(str, files)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_every_bpmn_file_passes_bpmnlints_recommended_rules(exported, tmp_path: Path) -> None:
    found = _bpmnlint(*exported.values())
    assert found == {str(p): [] for p in exported.values()}
    # and bpmnlint does find problems: a decision's flow without its condition, an element not drawn
    item = exported["jishu-hetong-dengji"]
    text = item.read_text(encoding="utf-8")
    no_condition = _broken(item, tmp_path, re.search(r"\s*<bpmn:conditionExpression[^>]*>[^<]*</bpmn:conditionExpression>", text).group(0), "",
                           "no-condition")
    undrawn = _broken(item, tmp_path, re.search(r'<bpmndi:BPMNShape id="Step_review_di".*?</bpmndi:BPMNShape>', text, re.S).group(0), "", "undrawn")
    found = _bpmnlint(no_condition, undrawn)
    assert {r["rule"] for r in found[str(no_condition)]} == {"conditional-flows"}
    assert [(r["rule"], r["id"]) for r in found[str(undrawn)]] == [("no-bpmndi", "Step_review")]


# --- BPMN: SpiffWorkflow runs every route walk reports ------------------------------------

def _run(data: bytes, process: str, choices: list[str]) -> list[str]:
    """Run the process in SpiffWorkflow, making `choices` (sequence flow ids)
    at the decisions in turn; the steps it passes, by step id."""
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.util.task import TaskState

    parser = BpmnParser()
    parser.add_bpmn_str(data)
    wf = BpmnWorkflow(parser.get_spec(process))
    todo = iter(choices)
    variables = _variables(data)
    passed = []
    for _ in range(1000):
        if wf.is_completed():
            return passed
        ready = wf.get_tasks(state=TaskState.READY)
        assert ready, f"stuck after {passed}"
        task = ready[0]
        element = task.task_spec.bpmn_id or ""
        if element.startswith("Step_"):
            passed.append(element.removeprefix("Step_"))
            if task.task_spec.__class__.__name__ == "ExclusiveGateway":
                task.data[variables[element]] = next(todo)
        task.run()
    raise AssertionError("the process did not end")


def _variables(data: bytes) -> dict[str, str]:
    """Each decision's process variable, by its element id, as the file declares it."""
    doc = etree.fromstring(data)
    return {g.get("id"): g.find("bpmn:extensionElements/pl:step", Q).get("variable")
            for g in doc.iterfind(".//bpmn:exclusiveGateway", Q) if g.get("gatewayDirection") == "Diverging"}


def _every_route(e, data: bytes) -> int:
    """Run every route `walk` lists for the item through SpiffWorkflow,
    making the same choices; each must pass the same steps to the same end
    event. Returns how many routes ran."""
    doc = etree.fromstring(data)
    # a decision's exit, found in the file by its source and its label
    flows = {(f.get("sourceRef"), f.get("name")): f.get("id") for f in doc.iterfind(".//bpmn:sequenceFlow", Q)}
    rep = walk.report(e, limit=1000)
    assert rep["listed"] == rep["total_paths"], e.id  # small flows: every route
    for p in rep["paths"]:
        hops = p["hops"]
        choices = [flows[(bpmn.step_element_id(a), label)]
                   for (a, _, _), (_, label, _) in zip(hops, hops[1:]) if rep["steps"][a]["kind"] == "decision"]
        passed = _run(data, f"Process_{e.id}", choices)
        assert passed == [h[0] for h in hops], (e.id, p["n"])
        end = doc.find(f".//bpmn:endEvent[@id='{bpmn.step_element_id(hops[-1][0])}']", Q)
        assert end is not None and p["outcome"] in end.get("name"), (e.id, p["n"])
    return len(rep["paths"])


def test_spiffworkflow_runs_every_route_of_walk_to_the_same_end(exported, catalog) -> None:
    routes = sum(_every_route(catalog.entries[ident], path.read_bytes()) for ident, path in exported.items())
    assert routes >= 30
    # and the run depends on the choices: the other answer at the first decision ends elsewhere
    e = catalog.entries["jishu-hetong-dengji"]
    data = exported[e.id].read_bytes()
    assert _run(data, f"Process_{e.id}", ["Flow_check_2"])[-1] == "refuse"
    assert _run(data, f"Process_{e.id}", ["Flow_check_0", "Flow_decide_1"])[-1] == "end-deny"


def _engine_loop(data: bytes, process: str, answers: dict[str, str]) -> list[str]:
    """SpiffWorkflow's standard loop: the engine runs what it can
    (do_engine_steps: events, gateways), people complete the manual tasks;
    `answers`, the decisions' variables, is what the application's form
    supplies at the start. The end events reached, by element id."""
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.util.task import TaskState

    parser = BpmnParser()
    parser.add_bpmn_str(data)
    wf = BpmnWorkflow(parser.get_spec(process))
    for task in wf.get_tasks(state=TaskState.READY):
        task.data.update(answers)
    wf.do_engine_steps()
    for _ in range(1000):
        if wf.is_completed():
            break
        manual = wf.get_tasks(state=TaskState.READY, manual=True)
        assert manual, "stuck: no manual task ready and the process has not ended"
        for task in manual:
            task.run()
        wf.do_engine_steps()
    assert wf.is_completed(), "the process did not end"
    return [t.task_spec.bpmn_id for t in wf.get_tasks(state=TaskState.COMPLETED)
            if t.task_spec.__class__.__name__ == "EndEvent"]


def test_the_standard_engine_loop_reaches_every_end_event_with_the_forms_answers(exported, catalog) -> None:
    """Each decision reads a variable of its own that a form supplies: with
    the answers for a route, the engine's own loop (no hand on the gateways)
    runs every example item to each of its end events (issue 25)."""
    ends = 0
    for ident, path in exported.items():
        e, data = catalog.entries[ident], path.read_bytes()
        doc = etree.fromstring(data)
        variables = _variables(data)
        flows = {(f.get("sourceRef"), f.get("name")): f.get("id") for f in doc.iterfind(".//bpmn:sequenceFlow", Q)}
        rep = walk.report(e, limit=1000)
        reached: dict[str, dict[str, str]] = {}
        for p in rep["paths"]:
            hops = p["hops"]
            answers: dict[str, str] = {}
            for (a, _, _), (_, label, _) in zip(hops, hops[1:]):
                if rep["steps"][a]["kind"] == "decision":
                    answers.setdefault(variables[bpmn.step_element_id(a)], flows[(bpmn.step_element_id(a), label)])
            reached.setdefault(bpmn.step_element_id(hops[-1][0]), answers)
        declared = {x.get("id") for x in doc.iterfind(".//bpmn:endEvent", Q)}
        assert set(reached) == declared, ident
        for end, answers in sorted(reached.items()):
            assert _engine_loop(data, f"Process_{ident}", answers) == [end], (ident, end, answers)
            ends += 1
    assert ends >= 34


def test_every_node_is_in_the_lane_it_is_drawn_in(exported) -> None:
    """flowNodeRef agrees with the drawing: every node of a flow with posts
    is in exactly one lane, the one whose band holds its shape (issue 25)."""
    checked = 0
    for ident, path in exported.items():
        doc = etree.parse(path)
        lanes = doc.findall(".//bpmn:lane", Q)
        if not lanes:
            continue
        bounds = {s.get("bpmnElement"): s.find("dc:Bounds", {"dc": bpmn.NS["dc"]})
                  for s in doc.iterfind(".//bpmndi:BPMNShape", Q)}
        member = {}
        for lane in lanes:
            for ref in lane.iterfind("bpmn:flowNodeRef", Q):
                assert ref.text not in member, (ident, ref.text)
                member[ref.text] = lane.get("id")
        nodes = [n.get("id") for tag in ("startEvent", "task", "exclusiveGateway", "endEvent")
                 for n in doc.iterfind(f".//bpmn:{tag}", Q)]
        for n in nodes:
            assert n in member, (ident, n)
            box, band = bounds[n], bounds[member[n]]
            cy = float(box.get("y")) + float(box.get("height")) / 2
            assert float(band.get("y")) <= cy <= float(band.get("y")) + float(band.get("height")), (ident, n)
            checked += 1
    assert checked > 100


def test_the_drawing_is_readable_no_shape_on_another_and_every_flow_joins_its_ends(exported) -> None:
    """The grid drawing (bpmn.place): no two shapes overlap, every shape is
    inside the pool, and each sequence flow starts on its source's border and
    ends on its target's, turning only at right angles."""
    checked = 0
    for ident, path in exported.items():
        doc = etree.parse(path)
        box = {s.get("bpmnElement"): tuple(float(s.find("dc:Bounds", {"dc": bpmn.NS["dc"]}).get(k))
                                           for k in ("x", "y", "width", "height"))
               for s in doc.iterfind(".//bpmndi:BPMNShape", Q)}
        pool = next(b for k, b in box.items() if k.startswith("Participant_"))
        nodes = {n.get("id"): box[n.get("id")] for tag in ("startEvent", "task", "exclusiveGateway", "endEvent")
                 for n in doc.iterfind(f".//bpmn:{tag}", Q)}
        items = sorted(nodes.items())
        for i, (a, (ax, ay, aw, ah)) in enumerate(items):
            assert pool[0] <= ax and ax + aw <= pool[0] + pool[2] and pool[1] <= ay and ay + ah <= pool[1] + pool[3], (ident, a)
            for b, (bx, by, bw, bh) in items[i + 1:]:
                assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay, (ident, a, b)

        def on_border(p: tuple[float, float], b: tuple[float, ...]) -> bool:
            x, y, w, h = b
            inside = x - 0.11 <= p[0] <= x + w + 0.11 and y - 0.11 <= p[1] <= y + h + 0.11
            return inside and min(abs(p[0] - x), abs(p[0] - x - w), abs(p[1] - y), abs(p[1] - y - h)) <= 0.11 + (
                w / 2 if w == h else 0)  # an event or a gateway: its centre line counts (a round or turned shape)

        flows = {f.get("id"): (f.get("sourceRef"), f.get("targetRef")) for f in doc.iterfind(".//bpmn:sequenceFlow", Q)}
        for edge in doc.iterfind(".//bpmndi:BPMNEdge", Q):
            source, target = flows[edge.get("bpmnElement")]
            points = [(float(w.get("x")), float(w.get("y"))) for w in edge.iterfind("di:waypoint", {"di": bpmn.NS["di"]})]
            assert on_border(points[0], nodes[source]) and on_border(points[-1], nodes[target]), (ident, edge.get("id"))
            for (x0, y0), (x1, y1) in zip(points, points[1:]):
                assert x0 == x1 or y0 == y1, (ident, edge.get("id"))
            checked += 1
    assert checked > 100


# --- BPMN: what the file says ---------------------------------------------------------------

def test_a_flow_back_to_its_first_step_passes_all_three_checks(project: Path, capsys, xsd) -> None:
    """补正 back to 申请: a start event cannot be entered, so the first step
    is a task after a start event of the same name."""
    edit(project / "flows/yishenqing.yaml", "      - to: check\n        label: 补正后重新审查", "      - to: apply\n        label: 补正后重新申请")
    edit(project / "powers/jishu-hetong-dengji.yaml", "      label: 网上填报后提交纸质合同", "      label: 网上填报后提交纸质合同\n      in_person: false")
    code, out = cli(capsys, "export", "--format", "bpmn", "--item", "jishu-hetong-dengji", "-o", "j.bpmn")
    assert code == 0, out
    doc = etree.parse("j.bpmn")
    assert xsd.validate(doc), xsd.error_log
    assert doc.find(".//bpmn:task[@id='Step_apply']", Q) is not None
    assert doc.find(".//bpmn:startEvent", Q).get("name") == doc.find(".//bpmn:task[@id='Step_apply']", Q).get("name")
    assert _bpmnlint(Path("j.bpmn").resolve()) == {str(Path("j.bpmn").resolve()): []}
    cat = load_catalog(project / "powers")
    assert _every_route(cat.entries["jishu-hetong-dengji"], Path("j.bpmn").read_bytes()) == 6


def test_bpmn_keeps_times_pauses_loops_and_lanes_as_the_data_says(project: Path, capsys) -> None:
    edit(project / "powers/jishu-hetong-dengji.yaml", "    review_time: 5 个工作日", "    review_time: 未载明")
    code, out = cli(capsys, "export", "--format", "bpmn", "--item", "jishu-hetong-dengji", "-o", "j.bpmn")
    assert code == 0, out
    doc = etree.parse("j.bpmn")
    step = {el.get("id"): el.attrib for el in doc.iterfind(".//pl:step", Q)}
    assert step["review"]["duration"] == "未载明" and step["review"]["durationUnit"] == "unknown"
    assert "durationAmount" not in step["review"]  # an unknown time is not a time of 0
    assert step["decide"]["durationUnit"] == "workday" and step["decide"]["durationAmount"] == "1"
    assert step["supplement"]["counts"] == "false"  # the clock pauses while the applicant corrects
    assert step["apply"]["inPerson"] == "true"
    review = doc.find(".//bpmn:task[@id='Step_review']", Q)
    assert "时限：未载明" in review.find("bpmn:documentation", Q).text
    back = doc.find(".//bpmn:sequenceFlow[@id='Flow_supplement_0']", Q)
    assert back.get("targetRef") == "Join_check" and back.find(".//pl:exit", Q).get("loop") == "true"
    lanes = {lane.get("name"): [r.text for r in lane] for lane in doc.iterfind(".//bpmn:lane", Q)}
    assert lanes["申请人"] == ["Step_apply", "Join_check", "Step_supplement"]  # the join is drawn there
    assert len(doc.findall(".//bpmn:endEvent", Q)) == 3  # one per outcome
    item = doc.find(".//pl:item", Q)
    assert item.get("promised") == "7 个工作日" and item.get("statutoryUnit") == "day"


def test_text_from_the_data_stays_text_in_bpmn_and_cpsv(project: Path, capsys) -> None:
    hostile = '"><script>alert(1)</script>&amp;{choice}\\N'
    edit(project / "powers/jishu-hetong-dengji.yaml", "      label: 符合登记条件？", f"      label: '{hostile}'")
    edit(project / "powers/jishu-hetong-dengji.yaml", "name: 技术合同认定登记", f"name: '{hostile}'")
    assert cli(capsys, "export", "--format", "bpmn", "--item", "jishu-hetong-dengji", "-o", "j.bpmn")[0] == 0
    assert cli(capsys, "export", "--format", "cpsv", "--item", "jishu-hetong-dengji", "-o", "j.jsonld")[0] == 0
    doc = etree.parse("j.bpmn")
    assert doc.find(".//bpmn:exclusiveGateway[@id='Step_decide']", Q).get("name") == hostile
    assert doc.find("bpmn:process", Q).get("name") == hostile
    assert "<script>" not in Path("j.bpmn").read_text(encoding="utf-8")
    for cond in doc.iterfind(".//bpmn:conditionExpression", Q):  # ids only, never text from the data
        assert re.fullmatch(r'choice_[a-z0-9_]+ == "Flow_[a-z0-9_-]+_\d+"', cond.text)
    g = rdflib.Graph().parse("j.jsonld", format="json-ld")
    assert rdflib.Literal(hostile, lang="zh") in set(g.objects(None, rdflib.DCTERMS.title))


# --- CPSV-AP ----------------------------------------------------------------------------------

def _shacl(data: rdflib.Graph) -> tuple[bool, str]:
    import pyshacl

    conforms, _, text = pyshacl.validate(data, shacl_graph=rdflib.Graph().parse(SHAPES), inference="none")
    return conforms, text


def test_every_item_conforms_to_the_official_cpsv_ap_shapes(project: Path, capsys) -> None:
    assert cli(capsys, "export", "--format", "cpsv", "-o", "all.jsonld")[0] == 0
    assert cli(capsys, "export", "--format", "cpsv", "-o", "all.ttl")[0] == 0
    data = rdflib.Graph().parse("all.jsonld", format="json-ld")
    turtle = rdflib.Graph().parse("all.ttl", format="turtle")
    from rdflib.compare import isomorphic

    assert isomorphic(data, turtle)  # the two files say the same
    cpsv_ns = rdflib.Namespace("http://purl.org/vocab/cpsv#")
    services = set(data.subjects(rdflib.RDF.type, cpsv_ns.PublicService))
    assert len(services) == len(current_ids(project / "powers"))
    conforms, text = _shacl(data)
    assert conforms, text
    # and the shapes do find problems: a service without its identifier
    one = next(iter(sorted(services)))
    data.remove((one, rdflib.DCTERMS.identifier, None))
    conforms, text = _shacl(data)
    assert not conforms and "identifier" in text


def test_cpsv_says_what_the_promise_says_and_no_more(project: Path, capsys) -> None:
    cv = rdflib.Namespace("http://data.europa.eu/m8g/")
    pl = rdflib.Namespace("urn:powerlist:vocab:")

    def graph(ident: str) -> tuple[rdflib.Graph, rdflib.URIRef]:
        assert cli(capsys, "export", "--format", "cpsv", "--item", ident, "-o", f"{ident}.jsonld")[0] == 0
        g = rdflib.Graph().parse(f"{ident}.jsonld", format="json-ld")
        return g, next(s for s in g.subjects(rdflib.RDF.type, rdflib.URIRef("http://purl.org/vocab/cpsv#PublicService")))

    g, s = graph("jishu-hetong-dengji")  # promised in working days: no ISO 8601 form
    assert g.value(s, cv.processingTime) is None and str(g.value(s, pl.promisedTime)) == "7 个工作日"
    assert str(g.value(s, pl.promisedTimeUnit)) == "workday"
    edit(project / "powers/jishu-hetong-dengji.yaml", "    promised: 7 个工作日", "    promised: 30 日")
    g, s = graph("jishu-hetong-dengji")
    assert g.value(s, cv.processingTime) == rdflib.Literal("P30D", datatype=rdflib.XSD.duration)
    g, s = graph("taotai-yongneng-shebei-chufa")  # no service guide, no promise: no processing time
    assert g.value(s, cv.processingTime) is None and g.value(s, pl.hasProcedure) is not None
    # a step whose time is not stated is said so, and not given an amount
    edit(project / "powers/jishu-hetong-dengji.yaml", "    review_time: 5 个工作日", "    review_time: 未载明")
    g, s = graph("jishu-hetong-dengji")
    review = next(x for x in g.subjects(rdflib.DCTERMS.identifier, rdflib.Literal("review")))
    assert str(g.value(review, pl.durationUnit)) == "unknown" and g.value(review, pl.durationAmount) is None


# --- the command -----------------------------------------------------------------------------

def test_the_same_data_exports_the_same_bytes(project: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    for run in ("a", "b"):
        assert cli(capsys, "export", "--format", "bpmn", "-o", f"{run}-bpmn")[0] == 0
        for suffix in ("jsonld", "ttl"):
            assert cli(capsys, "export", "--format", "cpsv", "-o", f"{run}.{suffix}")[0] == 0
    assert sorted(p.name for p in Path("a-bpmn").iterdir()) == sorted(p.name for p in Path("b-bpmn").iterdir())
    for p in Path("a-bpmn").iterdir():
        assert p.read_bytes() == (Path("b-bpmn") / p.name).read_bytes(), p.name
    for suffix in ("jsonld", "ttl"):
        assert Path(f"a.{suffix}").read_bytes() == Path(f"b.{suffix}").read_bytes()


def test_export_says_what_is_wrong_in_chinese(project: Path, capsys) -> None:
    code, out = cli(capsys, "export", "--format", "bpmn", "--item", "no-such-item", "-o", "x.bpmn")
    assert code == 2 and "没有事项 no-such-item" in out
    code, out = cli(capsys, "export", "--format", "csv", "--item", "jishu-hetong-dengji", "-o", "x.csv")
    assert code == 2 and "--item" in out and not Path("x.csv").exists()
    Path("taken").write_text("a file", encoding="utf-8")
    code, out = cli(capsys, "export", "--format", "bpmn", "-o", "taken")
    assert code == 1 and "不是目录" in out


# --- the site --------------------------------------------------------------------------------

def test_item_pages_link_their_files_and_the_downloads_page_the_whole_set(catalog) -> None:
    import io
    import zipfile

    from powerlist.outputs.chart import header_for, render
    from powerlist.site.pages import Asset, SiteBuilder
    from powerlist.site.render import Templates

    built = {p.path: p for p in SiteBuilder(catalog, lambda x, v: render(x.flow, header_for(v))[0]).pages()}
    for ident, e in catalog.entries.items():
        page = built[f"items/{ident}/index.md"].html
        assert 'href="flow.bpmn"' in page and 'href="service.jsonld"' in page
        file = built[f"items/{ident}/flow.bpmn"]
        assert isinstance(file, Asset) and file.content == bpmn.document(e)
        g = rdflib.Graph().parse(data=built[f"items/{ident}/service.jsonld"].content, format="json-ld")
        assert (None, rdflib.DCTERMS.title, rdflib.Literal(e.item.name, lang="zh")) in g
    downloads = built["downloads/index.md"].html
    assert 'href="liucheng-bpmn.zip"' in downloads and 'href="fuwu-cpsv-ap.zip"' in downloads
    for name, item_file, suffix in (("liucheng-bpmn.zip", "flow.bpmn", ".bpmn"), ("fuwu-cpsv-ap.zip", "service.jsonld", ".jsonld")):
        with zipfile.ZipFile(io.BytesIO(built[f"downloads/{name}"].content)) as z:
            assert sorted(z.namelist()) == sorted(f"{i}{suffix}" for i in catalog.entries)
            for i in catalog.entries:  # the same files as beside the item pages
                assert z.read(f"{i}{suffix}") == built[f"items/{i}/{item_file}"].content
    # and the downloads alone (as a preview server may make them, before any item page) are the
    # very same files: they depend on the plan, not on which pages were made before them
    alone = SiteBuilder(catalog, lambda x, v: render(x.flow, header_for(v))[0]).downloads()
    for name in ("liucheng-bpmn.zip", "fuwu-cpsv-ap.zip"):
        zipped = next(a for a in alone if a.path == f"downloads/{name}").content
        assert zipped == built[f"downloads/{name}"].content
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        assert len(z.namelist()) == len(catalog.entries) > len(current_ids(ROOT / "powers"))
    # in English too: the link texts come from the message catalog
    english = SiteBuilder(catalog, lambda x, v: render(x.flow, header_for(v))[0], Templates(language="en"))
    page = english.item_page(catalog.entries["jishu-hetong-dengji"], english.view(catalog.entries["jishu-hetong-dengji"]), (1, 1))
    assert "process flow (BPMN 2.0)" in page.html and "开放数据" not in page.html


# --- BPMN: a flow above the layout bound --------------------------------------------------

def test_a_flow_too_large_to_lay_out_exports_whole_in_seconds(project: Path, xsd) -> None:
    """Issue 21: a 6,038-step flow took Graphviz 70 s and 841 MB. Above the
    bound it is exported whole, every element drawn by the linear placement,
    in seconds (the command runs in its own process, with a time limit)."""
    import sys

    from benchmarks.adversarial import ITEM
    from benchmarks.hostile.outputs import big_flow
    from powerlist.core.flow.shape import MAX_DRAWN_STEPS

    big_flow(project)
    done = subprocess.run([sys.executable, "-m", "powerlist", "export", "--format", "bpmn", "--item", ITEM,
                           "-o", "big.bpmn"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    # (its time, 2.5-5 s against 70 s with a Graphviz layout, is the hostile bench's)
    doc = etree.parse(str(project / "big.bpmn"))
    assert xsd.validate(doc), xsd.error_log
    process = doc.find("bpmn:process", Q)
    steps = process.findall(".//pl:step", Q)
    assert len(steps) == 6038 > MAX_DRAWN_STEPS
    flows = process.findall("bpmn:sequenceFlow", Q)
    nodes = {el.get("id") for el in process if el.get("id") and el.tag != f"{{{BPMN}}}sequenceFlow"
             and el.tag != f"{{{BPMN}}}laneSet"}
    shapes = {el.get("bpmnElement"): el for el in doc.iterfind(".//bpmndi:BPMNShape", Q)}
    edges = {el.get("bpmnElement"): el for el in doc.iterfind(".//bpmndi:BPMNEdge", Q)}
    assert nodes <= set(shapes) and {f.get("id") for f in flows} == set(edges)
    # a readable placement: no two elements on top of each other, every flow leaves its source
    boxes = {n: tuple(float(shapes[n].find("dc:Bounds", {"dc": bpmn.NS["dc"]}).get(k)) for k in ("x", "y", "width", "height"))
             for n in nodes}
    assert len({(x, y) for x, y, _, _ in boxes.values()}) == len(boxes)
    for f in flows:
        x, y, w, h = boxes[f.get("sourceRef")]
        first = edges[f.get("id")].find("di:waypoint", {"di": bpmn.NS["di"]})
        assert x <= float(first.get("x")) <= x + w and y <= float(first.get("y")) <= y + h, f.get("id")
    # the process is complete: every exit of the data is a sequence flow (SpiffWorkflow's parser
    # recurses along a chain, and cannot read one of 6,000 steps: it runs the smaller flows above)
    assert len([f for f in flows if f.get("id").startswith("Flow_")]) == 6049


def test_a_flow_above_the_bound_with_lanes_and_a_loop_passes_bpmnlint_and_runs(project: Path, capsys, xsd) -> None:
    """The linear placement draws lanes as bands and a loop-back below: the
    file passes the XSD and bpmnlint's recommended rules, and SpiffWorkflow
    runs a route through the return to its end."""
    from benchmarks.adversarial import ITEM, allow_large_files, diamonds, write_item
    from powerlist.core.flow.shape import MAX_DRAWN_STEPS

    allow_large_files(project / "powers")
    steps = diamonds(k=3, chain=250, loop_over=2)
    lanes = ["综合窗口", "科技创新股", "分管领导"]
    for i, s in enumerate(steps):
        if s.get("kind", "task") != "end":
            s["lane"] = lanes[i % 3]
    edit(write_item(project / "powers", steps), "promised: 4 个工作日", "promised: 15 个工作日")
    assert len(steps) > MAX_DRAWN_STEPS
    code, out = cli(capsys, "export", "--format", "bpmn", "--item", ITEM, "-o", "m.bpmn")
    assert code == 0, out[-2000:]
    path = project / "m.bpmn"
    doc = etree.parse(str(path))
    assert xsd.validate(doc), xsd.error_log
    assert len(doc.findall(".//bpmndi:BPMNShape", Q)) > len(steps) + len(lanes)  # the pool, lanes, steps, joins
    assert _bpmnlint(path) == {str(path): []}
    route = ["Flow_gate_0", "Flow_d0_0", "Flow_d1_0", "Flow_d2_0", "Flow_review_1", "Flow_d1_1", "Flow_d2_1",
             "Flow_review_0"]
    passed = _run(path.read_bytes(), f"Process_{ITEM}", route)
    assert passed[-1] == "ok" and passed.count("review") == 2


def test_each_status_is_its_own_concept(project: Path) -> None:
    """暂停 may come back, 已取消 and 已合并 do not: one adms:status IRI each (issue 25)."""
    from powerlist.outputs.cpsv import nodes

    edit(project / "powers/keji-chengguo-dengji.yaml", "name: 科技成果登记", "name: 科技成果登记\nstatus: 暂停")
    cat = load_catalog(project / "powers")
    assert cat.ok, cat.diagnostics

    def status(ident: str) -> tuple[str, str]:
        found = nodes(cat.entries[ident], cat.site)
        iri = found[0].props["adms:status"][0].iri
        concept = next(n for n in found if n.iri == iri)
        return iri.rsplit(".", 1)[1], concept.props["skos:prefLabel"][0].value

    assert status("jishu-hetong-dengji") == ("active", "在用")
    assert status("keji-chengguo-dengji") == ("suspended", "暂停")
    assert status("buhe-jieneng-biaozhun-xiangmu-chufa") == ("withdrawn", "已取消")


# --- CPSV-AP: each organisation in its own region (issue 25) ----------------------------------------

def _organisations(g: rdflib.Graph) -> dict[str, tuple[str | None, str | None]]:
    """Each competent authority by its label: the name of its region, and what
    the region says of itself when it has no name."""
    cv, locn = rdflib.Namespace("http://data.europa.eu/m8g/"), rdflib.Namespace("http://www.w3.org/ns/locn#")
    out = {}
    for org in set(g.objects(None, cv.hasCompetentAuthority)):
        region = g.value(org, rdflib.DCTERMS.spatial)
        name = g.value(region, locn.geographicName)
        said = g.value(region, rdflib.DCTERMS.description)
        out[str(g.value(org, rdflib.SKOS.prefLabel))] = (str(name) if name else None, str(said) if said else None)
    return out


def test_each_organisation_is_in_its_own_region_or_none_stated(tmp_path: Path, monkeypatch, capsys) -> None:
    """The site's region is the site's own bodies': a body elsewhere is in its
    own region, and an organisation only the item names is in a region the
    data does not give, written 未载明 (CPSV-AP requires one), never the site's."""
    from bodies_data import three_bodies

    monkeypatch.chdir(ROOT)
    assert cli(capsys, "export", "--format", "cpsv", "-o", str(tmp_path / "example.jsonld"))[0] == 0
    g = rdflib.Graph().parse(tmp_path / "example.jsonld", format="json-ld")
    orgs = _organisations(g)
    assert orgs["焦作市解放区科学技术和工业信息化局"] == ("河南省焦作市解放区", None)
    # 企业研发费用补助's 实施主体 is the city's bureau: not in the district, and its region not given
    assert orgs["焦作市科学技术局"] == (None, "未载明")
    conforms, text = _shacl(g)
    assert conforms, text
    three = three_bodies(tmp_path / "three")
    edit(three / "powers/fgw/taotai-yongneng-shebei-chufa.yaml", "name: 对使用国家明令淘汰",
         "subject:\n  name: 焦作市节能监察支队\n  nature: 授权组织\nname: 对使用国家明令淘汰")
    monkeypatch.chdir(three)
    assert cli(capsys, "export", "--format", "cpsv", "-o", "all.jsonld")[0] == 0
    g = rdflib.Graph().parse("all.jsonld", format="json-ld")
    orgs = _organisations(g)
    assert orgs["焦作市住房公积金管理中心"] == ("河南省焦作市（含所辖县市）", None)  # its own, not the government's
    assert orgs["焦作市发展和改革委员会"] == ("河南省焦作市", None)  # a department: the government's region
    assert orgs["焦作市节能监察支队"] == (None, "未载明")
    conforms, text = _shacl(g)
    assert conforms, text
