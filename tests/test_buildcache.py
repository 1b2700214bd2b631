"""What makes builds fast must not change a byte: a cold build, a warm one
(every group read back from the cache), one laid out in worker processes
and one without workers give the same site; a corrupted or misplaced cache
entry is made again, never used; an edited item's page changes in a warm
build, and undoing the edit gives back the first site."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, edit
from test_site import copy_project, mkdocs_build, tree_digest

from powerlist.site.buildcache import Ahead, Job, MadeCache
from powerlist.core.catalog import load_catalog
from powerlist.outputs.chart import flow_key, lay_out
from powerlist.view.words import Words

ITEM = "jishu-hetong-dengji"


def _workers(project: Path, count: int) -> None:
    edit(project / "mkdocs.yml", "      flows: flows\n", f"      flows: flows\n      workers: {count}\n")


def _built(project: Path, site: str) -> dict[str, str]:
    proc = mkdocs_build(project, site)
    assert proc.returncode == 0, proc.stderr
    return tree_digest(project / site)


def test_cold_warm_parallel_and_serial_builds_are_byte_identical(tmp_path: Path) -> None:
    serial = copy_project(tmp_path / "serial")
    _workers(serial, 1)
    parallel = copy_project(tmp_path / "parallel")
    _workers(parallel, 2)  # workers even for a few flows
    cold_serial = _built(serial, "site")
    cold_parallel = _built(parallel, "site")
    assert (parallel / ".cache/powerlist/made").is_dir()
    warm = _built(parallel, "warm")  # every group read back
    assert cold_serial == cold_parallel == warm
    assert any(k.endswith("flowchart.svg") for k in warm)


def test_layouts_made_in_workers_are_those_made_in_process(tmp_path: Path) -> None:
    cat = load_catalog(ROOT / "powers", ROOT / "flows")
    flows = {}
    for x in cat.entries.values():
        if x.flow is not None:
            flows.setdefault(flow_key(x.flow), x.flow)
    assert len(flows) >= 5
    got: dict[str, object] = {}
    jobs = [Job(k, list(f.steps)) for k, f in flows.items()]
    ahead = Ahead(jobs, "zh", 2, lambda ck, body: got.update({ck: body}))
    try:
        ahead.wait([job.chart_key for job in jobs])
    finally:
        ahead.close()
    for k, f in flows.items():
        assert got[k] == lay_out(f, Words("zh"))


def test_a_corrupted_or_misplaced_cache_entry_is_made_again_not_trusted(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    first = _built(project, "a")
    made = sorted(p for p in (project / ".cache/powerlist/made").rglob("*") if p.is_file())
    charts = sorted(p for p in (project / ".cache/powerlist/charts").rglob("*.svgpart"))
    assert len(made) > 10 and charts
    # one entry cut short, one with a byte changed, one replaced by another group's (intact, but not its files)
    made[0].write_bytes(made[0].read_bytes()[:100])
    data = bytearray(made[1].read_bytes())
    data[-20] ^= 0xFF
    made[1].write_bytes(bytes(data))
    shutil.copyfile(made[3], made[2])
    for p in made[4:]:
        p.write_bytes(b"not an entry at all")
    # a chart whose drawing was altered after it was stored, and one cut in its header
    text = charts[0].read_text(encoding="utf-8")
    charts[0].write_text(text.replace("<g", "<g data-x=\"altered\"", 1), encoding="utf-8")
    if len(charts) > 1:
        charts[1].write_text("12", encoding="utf-8")
    assert _built(project, "b") == first
    assert _built(project, "c") == first  # the entries made again are good ones


def test_a_direct_entry_for_other_paths_is_refused(tmp_path: Path) -> None:
    cache = MadeCache(tmp_path, "salt")
    cache.put("k", ("items/a/index.md",))
    assert MadeCache(tmp_path, "other salt").get("k", ("items/a/index.md",)) is None  # other code or settings
    assert cache.get("k", ("items/a/index.md",)) == ("items/a/index.md",)
    assert cache.get("k", ("items/b/index.md",)) is None
    assert not cache.has("k")  # dropped: made again next time


def test_an_intact_entry_of_another_key_with_the_same_paths_is_refused(tmp_path: Path) -> None:
    """The English edition's group of an item has the same paths as the
    Chinese one's, under another salt: one copied over the other is refused."""
    zh, en = MadeCache(tmp_path, "zh"), MadeCache(tmp_path, "en")
    from types import SimpleNamespace as Made

    zh.put("k", (Made(path="items/a/index.md", text="中文"),))
    en.put("k", (Made(path="items/a/index.md", text="English"),))
    shutil.copyfile(zh.store.path(zh._key("k")), en.store.path(en._key("k")))
    assert en.get("k", ("items/a/index.md",)) is None
    assert zh.get("k", ("items/a/index.md",)) == (Made(path="items/a/index.md", text="中文"),)


def test_an_edited_item_changes_in_a_warm_build_and_undoing_it_gives_the_first_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    first = _built(project, "a")
    path = project / "powers" / f"{ITEM}.yaml"
    original = path.read_text(encoding="utf-8")
    edit(path, "name: 技术合同认定登记", "name: 技术合同认定登记（改）")
    edit(path, "label: 退还合同文本", "label: 退还合同文本（改）")
    changed = _built(project, "b")
    page = (project / "b/items" / ITEM / "index.html").read_text(encoding="utf-8")
    assert "技术合同认定登记（改）" in page
    assert "退还合同文本（改）" in (project / "b/items" / ITEM / "flowchart.svg").read_text(encoding="utf-8")
    assert "退还合同文本（改）" in (project / "b/items" / ITEM / "flow.bpmn").read_text(encoding="utf-8")
    assert "技术合同认定登记（改）" in (project / "b/list/index.html").read_text(encoding="utf-8")
    other = "items/keji-chengguo-dengji/index.html"
    assert changed[other] == first[other]
    path.write_text(original, encoding="utf-8")
    assert _built(project, "c") == first


def test_the_realistic_generator_writes_a_list_that_passes_check(tmp_path: Path) -> None:
    """The bench's distinct-flow list is a valid list: a build of it measures
    the build, not a refusal (the example items it starts from gain fields
    that its generated flows must not contradict)."""
    from benchmarks.realistic import generate_distinct
    from powerlist.core.catalog import load_catalog

    generate_distinct(tmp_path / "list", 120, bodies=7)
    cat = load_catalog(tmp_path / "list" / "powers", tmp_path / "list" / "flows")
    assert cat.ok, [d.text() for d in cat.errors][:5]
    assert len({x.body for x in cat.entries.values()}) == 7
