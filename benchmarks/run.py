"""Benchmarks, each printed as a ratio against a baseline run in the same
process, so that the numbers mean the same on any machine.

    scripts/bench                 # 3,064 items (a whole district, domain.md §7)
    scripts/bench --items 10000

`check`: the whole `powerlist check` against merely loading the same files
with PyYAML's C loader. Target: ≤ 2×.
`flow analysis`: expanding, checking and walking every item's flow, as a
share of the whole check. Target: < 20%.
`charts`: drawing every item's flowchart with an empty chart cache, then
again with the cache warm. Target: the warm run lays out nothing.
`standards`: exporting every item as BPMN 2.0 (cold: each distinct flow laid
out once) and as CPSV-AP JSON-LD and Turtle, against `export --format json`
of the same list. Target: BPMN and JSON-LD each ≤ 10× the JSON export.
`site`: `mkdocs build` with the plugin (cold cache, warm with no data
change, and warm after one edited item) against the same generated pages
built as a plain MkDocs site in the same run, for two generated lists
(`--generator`): `distinct`, a flow of its own per item and 33 bodies
(benchmarks.realistic, what real lists look like), and `shapes`, the 8
example flows. Peak memory is the whole process tree's (worker processes
included). Targets (distinct flows, 3,064 and 10,000 items): cold ≤ 1.0×,
warm ≤ 0.3×, peak memory ≤ 1 GB, search data ≤ 1.5 KB per item, item page
≤ 40 KB of HTML. `serve`: one edited item through `scripts/serve`'s
rebuild path at the largest size (target ≤ 5 s). For a quick loop:

    scripts/bench --only site --site-items 500 --site-repeat 1 --generator distinct

`shards` (only with --only shards): a province (--shard-items 100000 of
--shard-bodies 200) built in shards and merged; see benchmarks/shards.py.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from powerlist.core.bodies import OWN, modeline
from powerlist.core.catalog import _analyse_flow, load_catalog
from powerlist.core.layout import item_files

ROOT = Path(__file__).resolve().parents[1]

# 卫滨区 2021: 3,064 items over 33 departments.
DISTRIBUTION = {
    "行政处罚": 2152, "其他行政权力": 387, "行政检查": 197, "行政许可": 130, "行政强制": 78,
    "行政确认": 43, "行政奖励": 40, "行政给付": 25, "行政征收": 8, "行政裁决": 4,
}
# Which example item each type is modelled on (same shape and size).
MODEL_ITEM = {
    "行政处罚": "taotai-yongneng-shebei-chufa", "行政强制": "buhe-jieneng-biaozhun-xiangmu-chufa",
    "其他行政权力": "keji-tepaiyuan-shenbao", "行政检查": "zhongdian-yongneng-danwei-jiancha",
    "行政许可": "jishu-hetong-dengji", "行政确认": "jishu-hetong-dengji", "行政奖励": "kexue-jishu-jiang",
    "行政给付": "keji-chengguo-dengji", "行政征收": "keji-jihua-xiangmu-jiancha", "行政裁决": "keji-jihua-xiangmu-jiancha",
}
ABBR = {"行政许可": "XK", "行政处罚": "CF", "行政强制": "QZ", "行政征收": "ZS", "行政给付": "GF", "行政检查": "JC",
        "行政确认": "QR", "行政奖励": "JL", "行政裁决": "CJ", "其他行政权力": "QT"}
_WORDS = "生产经营单位未按照规定履行安全管理职责擅自改变用途拒不整改逾期未报送虚假材料取得"


# Departments of a city government (domain.md §9), for lists of several bodies.
BODY_NAMES = ("发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
              "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "城市管理局", "交通运输局",
              "水利局", "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局",
              "审计局", "市场监督管理局", "体育局", "统计局", "医疗保障局", "林业局", "人民防空办公室", "信访局",
              "行政审批和政务信息管理局", "住房公积金管理中心", "气象局", "粮食和物资储备局", "档案局", "机关事务管理局",
              "民族宗教事务局", "地方金融监督管理局", "大数据管理局", "供销合作社", "残疾人联合会")


def write_bodies(powers: Path, count: int) -> list[str]:
    """`count` body folders (powers/b01/ …), each with a _body.yaml of its own
    name and supervision phone; the site's units and lanes are theirs."""
    idents = []
    for k in range(count):
        ident = f"b{k + 1:02d}"
        name = "市" + BODY_NAMES[k % len(BODY_NAMES)] + (f"（{k // len(BODY_NAMES) + 1}）" if k >= len(BODY_NAMES) else "")
        kind = "法律法规授权组织" if "中心" in name else "行政机关"
        (powers / ident).mkdir()
        (powers / ident / "_body.yaml").write_text(
            f"name: {name}\nfull_name: 焦作{name}\nkind: {kind}\naddress: 焦作市人民路 {k + 1} 号\n"
            f"phone: 0391-38{k:05d}\nsupervision:\n  phone: 0391-39{k:05d}\n  hours: 工作日 9:00—17:00\n",
            encoding="utf-8")
        idents.append(ident)
    return idents


def generate(out: Path, n: int, seed: int = 2021, source: Path = ROOT, bodies: int = 1) -> Path:
    """Write a realistic list of `n` items (the §7 type mix) into `out/powers`;
    with `bodies` > 1, a list of that many bodies (a folder each), the items
    dealt among them in turn (1: the list of one department, as before)."""
    rng = random.Random(seed)
    powers = out / "powers"
    if out.exists():
        shutil.rmtree(out)
    powers.mkdir(parents=True)
    shutil.copy(source / "powers/_site.yaml", powers / "_site.yaml")
    if (source / "flows").is_dir():
        shutil.copytree(source / "flows", out / "flows")
    # the model items as current items: a cancelled example item would name a notice not copied here
    texts = {name: (source / "powers" / f"{name}.yaml").read_text(encoding="utf-8").split("\nstatus: 已取消")[0]
             for name in set(MODEL_ITEM.values())}
    total = sum(DISTRIBUTION.values())
    counts = {t: max(1, round(c * n / total)) for t, c in DISTRIBUTION.items()}
    counts["行政处罚"] += n - sum(counts.values())
    folders = [powers / b for b in write_bodies(powers, bodies)] if bodies > 1 else [powers]
    i = 0
    for type_name, count in counts.items():
        for k in range(count):
            i += 1
            text = texts[MODEL_ITEM[type_name]]
            words = "".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 40)))
            text = re.sub(r'^code: .*$', f'code: "410802-{ABBR[type_name]}-{k + 1:05d}"', text, count=1, flags=re.M)
            text = re.sub(r'^basic_code: .*\n', "", text, count=1, flags=re.M)
            text = re.sub(r'^parent: .*\n', "", text, count=1, flags=re.M)
            text = re.sub(r'^name: (.*)$', lambda m, words=words: f"name: {m.group(1)}（{words}）", text, count=1, flags=re.M)
            text = re.sub(r'^type: .*$', f"type: {type_name}", text, count=1, flags=re.M)
            # the model items' attached files (powers/files/<id>/) are not copied: nor are the references to them
            text = re.sub(r'^ +(?:blank_form|sample): (?!https?://).*\n', "", text, flags=re.M)
            # real lists quote long articles: bring files to the ~4.5 KB seen in practice
            quote = "".join(rng.choice(_WORDS) for _ in range(rng.randint(300, 1100)))
            text = text.replace("basis:\n", f"basis:\n  - title: 某某条例\n    article: 第{k % 90 + 1}条\n    text: {quote}\n", 1)
            folder = folders[i % len(folders)]
            text = modeline(text, folder.name if folder is not powers else OWN)
            (folder / f"item-{i:05d}.yaml").write_text(text, encoding="utf-8")
    return out


def _best(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def plain_load(powers: Path) -> int:
    """The baseline: read and load every file with PyYAML's C loader, nothing more."""
    count = 0
    for path in item_files(powers):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        count += 1
    return count


def bench_check(powers: Path, repeat: int) -> dict:
    base, files = _best(lambda: plain_load(powers), repeat)
    full, cat = _best(lambda: load_catalog(powers), repeat)
    lanes = set(cat.site.lanes) if cat.site else set()

    def analyse_all() -> None:
        for t in cat.templates.values():  # start cold, as check does
            t.steps.clear()
            t.facts.clear()
        for e in cat.entries.values():
            _analyse_flow(e, cat.templates, lanes)

    flows, _ = _best(analyse_all, repeat)
    return {"files": files, "baseline_s": base, "check_s": full, "ratio": full / base, "flows_s": flows,
            "errors": len(cat.errors), "warnings": len(cat.diagnostics) - len(cat.errors)}


def bench_charts(powers: Path, cache_dir: Path) -> dict:
    """Render every item's chart with an empty cache, then again with it warm."""
    from powerlist.outputs.chart import ChartCache, header_for, lay_out, render
    from powerlist.view.item import item_view

    cat = load_catalog(powers)
    cache = ChartCache(cache_dir)
    out = {}
    for phase in ("cold", "warm"):
        t0 = time.perf_counter()
        drawn = sum(render(e.flow, header_for(item_view(e, cat, [])), cache)[1] for e in cat.entries.values())
        out[phase] = (time.perf_counter() - t0, drawn)
    out["charts"] = len(cat.entries)
    one = next(iter(cat.entries.values()))
    out["layout_s"], _ = _best(lambda: lay_out(one.flow), 5)  # one Graphviz layout, for scale
    return out


def bench_standards(powers: Path, repeat: int) -> dict:
    """Every item as BPMN, CPSV-AP JSON-LD and
    Turtle, in memory; the baseline is the JSON export of the same list."""
    from powerlist.outputs import bpmn
    from powerlist.outputs.export import json_bytes
    from powerlist.outputs.standards import cpsv_bytes

    cat = load_catalog(powers)
    entries = [cat.entries[k] for k in sorted(cat.entries)]

    def all_bpmn() -> int:
        return sum(len(bpmn.document(e)) for e in entries if e.flow is not None)

    base, _ = _best(lambda: json_bytes(cat), repeat)
    b, b_size = _best(all_bpmn, repeat)
    j, j_bytes = _best(lambda: cpsv_bytes(cat, entries), repeat)
    t, t_bytes = _best(lambda: cpsv_bytes(cat, entries, turtle=True), 1)
    return {"items": len(entries), "json": base, "bpmn": b, "bpmn_bytes": b_size,
            "jsonld": j, "jsonld_bytes": len(j_bytes), "turtle": t, "turtle_bytes": len(t_bytes)}


def _pss(pid: int) -> int:
    """A process's proportional set size (its own pages, plus its share of
    pages shared with others: a forked worker's inherited pages are not
    counted twice); its resident size where the kernel does not say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/status", "rb") as f:
        for line in f:
            if line.startswith(b"VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _tree_rss(pid: int) -> int:
    """Memory (bytes) of a process and all its descendants (worker
    processes included), read from /proc (see `_pss`); 0 where /proc is not there."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            total += _pss(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", "rb") as f:
                    stack += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


class TreePeak:
    """The peak of `_tree_rss` of a running process, sampled every 0.1 s in a
    thread: the sum of the processes' proportional sizes."""

    def __init__(self, pid: int) -> None:
        import threading

        self.pid, self.peak, self.done = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.1):
            self.peak = max(self.peak, _tree_rss(self.pid))

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak


def _build(project: Path, site_dir: str = "site") -> tuple[float, int]:
    """`mkdocs build` in a child process: seconds and peak memory (bytes) of
    the process and the workers it starts (see `TreePeak`)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", site_dir],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = TreePeak(proc.pid)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""  # (a full pipe would block it)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    tree = peak.stop()
    if status != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{err[-3000:]}")
    # (not ru_maxrss: a child forked from the grown bench process reports the bench's own size)
    return elapsed, tree or usage.ru_maxrss * 1024


def _one_edition(conf: Path) -> None:
    """The example's mkdocs.yml less its other editions: a bench measures one
    edition's build (the plain baseline has one too) and one edition's list."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    conf.write_text(re.sub(r"^(\s*)(?:# .*\n\1)?editions:\n(?:\1\s+.*\n)+", "", text, flags=re.M), encoding="utf-8")


def bench_lighthouse(n: int, work: Path) -> list[tuple[str, dict]]:
    """Lighthouse (mobile) on the example site, both editions, and on a
    generated list of `n` items: home, list, a later list page, an item."""
    from benchmarks import lighthouse

    cmd = lighthouse.install()
    example = work / "lighthouse-example"
    for name in ("powers", "flows", "changes", "docs"):
        shutil.copytree(ROOT / name, example / name)
    shutil.copy(ROOT / "mkdocs.yml", example / "mkdocs.yml")
    _build(example)
    project = work / f"lighthouse-{n}"
    generate(project, n)
    shutil.copytree(ROOT / "docs", project / "docs")
    _one_edition(project / "mkdocs.yml")
    _build(project)
    big = project / "site"
    item = sorted(p.parent.name for p in (big / "items").glob("*/index.html"))[n // 2]
    numbered = sorted(int(p.parent.name) for p in (big / "list").glob("*/index.html") if p.parent.name.isdigit())
    later = min(50, numbered[-1]) if numbered else 1  # a later page of the list (page 50 at 10,000 items)
    pages = [(example / "site", "", "example home"), (example / "site", "list/", "example list"),
             (example / "site", "items/jishu-hetong-dengji/", "example item"),
             (example / "site", "en/items/jishu-hetong-dengji/", "example item, English"),
             (big, "", f"{n} items: home"), (big, "list/", f"{n} items: list"),
             (big, f"list/{later}/", f"{n} items: list page {later}"), (big, f"items/{item}/", f"{n} items: an item")]
    out = []
    for site, path, label in pages:
        server, origin = lighthouse.serve(site)
        try:
            out.append((label, lighthouse.run(origin + path, cmd)))
        finally:
            server.shutdown()
    return out


def _plain_project(project: Path, out: Path) -> Path:
    """The baseline: the pages and assets powerlist generates, written to disk
    as an ordinary MkDocs site with the same mkdocs.yml minus the plugin."""
    from powerlist.outputs.chart import ChartCache, header_for, render
    from powerlist.site.pages import build_pages, write_pages

    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(project / "docs", out / "docs")
    cat = load_catalog(project / "powers")
    cache = ChartCache(project / ".cache/powerlist/charts")
    write_pages(build_pages(cat, lambda x, v: render(x.flow, header_for(v), cache)[0]), out / "docs")  # + charts
    plain_config(project, out)
    return out


def plain_config(project: Path, out: Path) -> None:
    """A plain MkDocs site in `out` (its docs/ written): our assets as extra
    CSS and JS, and the project's mkdocs.yml without the plugin."""
    from powerlist.site.mkdocs_plugin import ASSETS, CSS, JS

    for name, uri in (("powerlist.css", CSS), ("powerlist.js", JS)):
        (out / "docs" / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ASSETS / name, out / "docs" / uri)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^plugins:\n(?:[ ].*\n)+", "plugins: []\n", text, flags=re.M)
    text += f"\nextra_css:\n  - {CSS}\nextra_javascript:\n  - {JS}\n"
    (out / "mkdocs.yml").write_text(text, encoding="utf-8")


GENERATORS = ("distinct", "shapes")  # a flow of its own per item (benchmarks.realistic); the 8 example shapes


def _generate(kind: str, project: Path, n: int, bodies: int) -> None:
    if kind == "distinct":
        from .realistic import generate_distinct

        generate_distinct(project, n, bodies=max(bodies, 33) if bodies == 1 else bodies)
    else:
        generate(project, n, bodies=bodies)
    shutil.copytree(ROOT / "docs", project / "docs")
    _one_edition(project / "mkdocs.yml")


def edit_one(project: Path) -> tuple[str, str]:
    """Change one item as staff would: its name and, when written in the
    item, a step's label. Returns the item's id and the new name."""
    files = sorted((project / "powers").rglob("item-*.yaml"))
    f = files[len(files) // 2]
    text = f.read_text(encoding="utf-8")
    stamp = f"修订{time.time_ns() % 100000}"
    text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)}{stamp}", text, count=1, flags=re.M)
    text = text.replace('      label: "', f'      label: "{stamp}', 1)
    f.write_text(text, encoding="utf-8")
    name = re.search(r"^name: (.*)$", text, flags=re.M).group(1)
    return f.stem, name


def bench_site(n: int, work: Path, repeat: int = 2, kind: str = "shapes", bodies: int = 1) -> dict:
    """Builds interleaved (plain, cold, warm) `repeat` times; the best of each
    counts, so that a busy moment of the machine does not decide the ratio;
    then one edited item, built on the warm cache."""
    project = work / f"list-{kind}-{n}"
    _generate(kind, project, n, bodies)
    cache = project / ".cache"
    first = _build(project)  # lays out the charts that the plain site is made from: a cold build
    plain = _plain_project(project, work / f"plain-{kind}-{n}")
    best = {"base": (float("inf"), 0), "cold": first, "warm": (float("inf"), 0)}
    for k in range(repeat):
        best["base"] = min(best["base"], _build(plain))
        if k:
            shutil.rmtree(cache, ignore_errors=True)
            best["cold"] = min(best["cold"], _build(project))
        best["warm"] = min(best["warm"], _build(project))
    ident, name = edit_one(project)
    best["edit"] = _build(project)
    page = next((project / "site/items").glob(f"{ident}/index.html"), None) or (project / "site/items" / ident / "index.html")
    edited = name in page.read_text(encoding="utf-8") if page.exists() else False
    site = project / "site"
    items = list((site / "items").glob("*/index.html"))
    return {
        "items": n, "kind": kind, "cold": best["cold"][0], "warm": best["warm"][0], "base": best["base"][0],
        "edit": best["edit"][0], "edited": edited, "project": project,
        "peak": max(best["cold"][1], best["warm"][1], best["edit"][1]), "base_peak": best["base"][1],
        "cold_peak": best["cold"][1], "warm_peak": best["warm"][1],
        "site_bytes": sum(f.stat().st_size for f in site.rglob("*") if f.is_file()),
        "item_html": sum(f.stat().st_size for f in items) / len(items),
        "item_html_max": max(f.stat().st_size for f in items),
        "search_per_item": (site / "list/index.html").stat().st_size / n,
    }


def bench_serve(project: Path, timeout: float = 1800) -> dict:
    """One edited item through `scripts/serve`'s rebuild path (`mkdocs serve
    --dirty --livereload`) on a built project: seconds from the save until
    the item's page is served changed, and the server's peak memory."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    tmp = project / "serve-tmp"
    tmp.mkdir(exist_ok=True)
    log = (project / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp)})
    peak = TreePeak(proc.pid)
    # `mkdocs serve` mounts the site at its site_url's path (the example's: /powerlist/)
    site_url = re.search(r"^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text(encoding="utf-8"), flags=re.M)
    mount = urlsplit(site_url.group(1)).path.rstrip("/") if site_url else ""
    base = f"http://127.0.0.1:{port}{mount}"

    def get(path: str) -> str:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as r:
                return r.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def wait(pred, seconds: float) -> float:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            if proc.poll() is not None:
                raise RuntimeError("mkdocs serve ended: see " + str(project / "serve.log"))
            if pred():
                return time.perf_counter() - t0
            time.sleep(0.1)
        raise RuntimeError(f"not served within {seconds} s")

    try:
        start = wait(lambda: "权责清单" in get("/list/"), timeout)
        ident = sorted((project / "powers").rglob("item-*.yaml"))[len(list((project / "powers").rglob("item-*.yaml"))) // 2].stem
        before = get(f"/items/{ident}/")
        time.sleep(1.1)  # a save a second later than the build: its time tells
        ident, name = edit_one(project)
        t0 = time.perf_counter()
        wait(lambda: name in get(f"/items/{ident}/"), 600)
        edit = time.perf_counter() - t0
        return {"start": start, "edit": edit, "peak": peak.stop(), "changed": before != get(f"/items/{ident}/")}
    finally:
        peak.stop()
        proc.terminate()
        proc.wait(60)
        log.close()


QUERIES = ["科技", "特派申报", "kjtpy", "jshtrddj", "技術合同", "qr-0001", "节能 处罚"]
# loaded with the page, each in a fresh browser: 科技 is the one with targets; then a code, initials (issue 26:
# jshtrddj fetched 204 KB before its first results), pinyin, a homophone typo, synonyms, a form's name
FIRST = ["科技", "qr-0001", "kjtpy", "jshtrddj", "kejitepaiyuan", "科技特排员", "研发补贴", "技术合同登记证明"]
FIRST_CLASS = {"科技": "characters", "qr-0001": "code", "kjtpy": "initials", "jshtrddj": "initials",
               "kejitepaiyuan": "pinyin", "科技特排员": "homophone", "研发补贴": "synonyms", "技术合同登记证明": "a form's name"}
PAGEFIND = "pagefind@1.4.0"


def _serve(site: Path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed while a file was on its way
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# One keystroke at a time, as the page sees it: from the input event until the
# rows in view answer it and that frame has been painted (the list draws the
# rows below the view right after; they are waited for before the next
# keystroke, so their work is not left out of the next one's time).
KEYSTROKES = """async (queries) => {
    const q = document.getElementById('pl-q'), form = document.getElementById('pl-filter'), out = [];
    const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    const tick = () => new Promise(r => setTimeout(r, 0));
    const files = () => performance.getEntriesByType('resource').length;
    for (const query of queries) {
        for (let i = 1; i <= query.length; i++) {
            const t = performance.now(), before = files();
            q.value = query.slice(0, i);
            q.dispatchEvent(new Event('input'));
            while (form.getAttribute('data-shown') !== q.value) await tick();
            await frame();
            out.push([performance.now() - t, files() - before]);
            while (form.getAttribute('data-drawn') !== q.value) await tick();
            await frame();
        }
    }
    return out;
}"""


def bench_citizen(n: int, work: Path, bodies: int = 1) -> dict:
    """The list page at `n` items in a real Chromium: what it transfers before
    the first results of a query (each file counted gzip-compressed, as a
    server would send it; a fresh browser cache for each query), when they
    show, and how long one keystroke takes, first while the files it needs
    are still to be fetched, then with them at hand (as the whole index was
    before it was split); then Pagefind (npm, offline once installed) on the
    same site and queries."""
    project = work / f"citizen-{n}"
    generate(project, n, bodies=bodies)
    shutil.copytree(ROOT / "docs", project / "docs")
    _one_edition(project / "mkdocs.yml")
    _build(project)
    return measure_list(project / "site", n)


def measure_list(site: Path, n: int) -> dict:
    """`bench_citizen`'s measurements of a site already built."""
    import gzip
    import statistics
    from urllib.parse import urlsplit, unquote

    from playwright.sync_api import sync_playwright

    pages = sorted(site.rglob("*.html"), key=lambda f: f.stat().st_size)
    server, origin = _serve(site)
    out: dict = {"items": n, "largest_html": (pages[-1].relative_to(site).as_posix(), pages[-1].stat().st_size)}
    chromium = os.environ.get("POWERLIST_CHROMIUM") or shutil.which("chromium")

    def sent(urls: list[str]) -> int:
        total = 0
        for url in dict.fromkeys(urls):
            path = site / unquote(urlsplit(url).path).lstrip("/")
            path = path / "index.html" if path.is_dir() else path
            if path.is_file():
                total += len(gzip.compress(path.read_bytes(), 6))
        return total

    drawn = "document.getElementById('pl-filter').getAttribute('data-drawn') === document.getElementById('pl-q').value"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium)
            out["first"] = {}
            for query in FIRST:
                context = browser.new_context(viewport={"width": 1280, "height": 900})  # nothing cached
                page = context.new_page()
                page.goto(f"{origin}/home-is-not-measured-404")  # a first page warms the browser up
                page.goto(f"{origin}/list/?q={query}")
                page.wait_for_function(drawn)
                marks = page.evaluate("performance.getEntriesByName('pl-first-results').map(m => m.startTime)")
                if not marks:  # nothing found (a list without such a name): said so, not measured
                    out["first"][query] = None
                    context.close()
                    continue
                first = marks[0]
                load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                # what had arrived when they were drawn: the page and the resources finished by then
                before = [origin + "/list/"] + page.evaluate(
                    "(t) => performance.getEntriesByType('resource').filter(r => r.responseEnd <= t).map(r => r.name)", first)
                index = [u for u in before if "/search/" in u]  # the page and its theme are the same for every query
                out["first"][query] = {"ms": first, "after_load_ms": first - load, "load_ms": load,
                                       "gzip": sent(before), "files": len(before), "index_gzip": sent(index),
                                       "index_files": len(index)}
                if query == FIRST[0]:
                    cold = page.evaluate(KEYSTROKES, QUERIES)  # each keystroke fetches what it needs
                    warm = page.evaluate(KEYSTROKES, QUERIES)  # all of it is at hand now
                    out["keystroke_cold_median_ms"] = statistics.median(t for t, _ in cold)
                    out["keystroke_cold_fetching"] = sum(1 for _, f in cold if f)
                    out["keystroke_cold_max_files"] = max(f for _, f in cold)
                    out["keystroke_median_ms"] = statistics.median(t for t, _ in warm)
                    out["keystroke_max_ms"] = max(t for t, _ in warm)
                    out["keystrokes"] = len(warm)
                    ours = {}
                    for q in QUERIES:
                        page.fill("#pl-q", q)
                        page.wait_for_function(drawn)
                        ours[q] = int(page.locator("#pl-count").inner_text().split(" ")[1])
                    out["ours"] = ours
                context.close()
            out["index_gzip_per_item"] = sum(len(gzip.compress(f.read_bytes(), 9))
                                             for f in (site / "search").rglob("*.js")) / n
            out["index_files"] = sum(1 for _ in (site / "search").rglob("*.js"))
            out["pagefind"] = (_pagefind(site, origin, browser) if os.environ.get("POWERLIST_BENCH_PAGEFIND", "1") != "0"
                               else "POWERLIST_BENCH_PAGEFIND=0")
            browser.close()
    finally:
        server.shutdown()
    return out


def _pagefind(site: Path, origin: str, browser) -> dict | str:
    """Pagefind's index of the same site and its answers to the same queries."""
    node = ROOT / ".cache/node"
    binary = node / "node_modules/.bin/pagefind"
    if not binary.exists():
        if not shutil.which("npm"):
            return "npm is not installed"
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(node), PAGEFIND],
                       check=True, stdout=subprocess.DEVNULL)
    t0 = time.perf_counter()
    subprocess.run([str(binary), "--site", str(site)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    files = [f for f in (site / "pagefind").rglob("*") if f.is_file()]
    page = browser.new_page()
    page.goto(f"{origin}/list/")
    got = page.evaluate("""async (queries) => {
        const pf = await import('/pagefind/pagefind.js');
        await pf.init();
        const out = {};
        for (const q of queries) {
            const t = performance.now();
            const r = await pf.search(q);
            out[q] = [r.results.length, performance.now() - t];
        }
        return out;
    }""", QUERIES)
    page.close()
    return {"index_seconds": elapsed, "index_bytes": sum(f.stat().st_size for f in files), "files": len(files),
            "queries": got}


def _run_measured(args: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall time, peak memory (bytes) and exit status of one command in its own process:
    `powerlist <args>`, or the site build when args start with "mkdocs"."""
    module, args = ("mkdocs", args[1:]) if args[:1] == ["mkdocs"] else ("powerlist", args)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", module, *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, usage.ru_maxrss * 1024, proc.returncode


def bench_adversarial(work: Path) -> list[dict]:
    """`check` and `walk` on flows built to explode a path enumeration,
    against the same commands on the unchanged example list."""
    from .adversarial import CASES, ITEM, allow_large_files, diamonds, write_item

    base = work / "adversarial-base"
    for name in ("powers", "flows", "changes"):
        shutil.copytree(ROOT / name, base / name)
    out = [{"case": "example list (baseline)", "check": _run_measured(["check", "powers"], base),
            "walk": _run_measured(["walk", ITEM, "--format", "json"], base)}]
    for i, (case, kw) in enumerate(CASES.items()):
        project = work / f"adversarial-{i}"
        shutil.copytree(base, project)
        allow_large_files(project / "powers")
        write_item(project / "powers", diamonds(**kw))
        out.append({"case": case, "project": project, "check": _run_measured(["check", "powers"], project),
                    "walk": _run_measured(["walk", ITEM, "--format", "json"], project)})
    out[0]["project"] = base
    for r in out:  # after every child: a child forked from a grown parent would report its size
        r["inside"] = _in_process(r["project"], ITEM)
    return out


def bench_hostile(work: Path) -> list[dict]:
    """Every case of `benchmarks.hostile`, each in a fresh copy of the example
    project, as its own process: time, peak memory and exit status against the
    case's bound."""
    from .hostile import all_cases

    out = []
    for i, case in enumerate(all_cases()):
        project = work / f"hostile-{i}"
        for name in ("powers", "flows", "changes"):
            shutil.copytree(ROOT / name, project / name, symlinks=True)
        got = case.setup(project)
        args, cwd = got if isinstance(got, tuple) else (got, project)
        secs, peak, status = _run_measured(args, cwd)
        ok = {"ok": status == 0, "refused": status not in (0, 3) and status > 0, "any": status >= 0}[case.expect]
        within = secs <= case.seconds and peak <= case.megabytes * 2**20 and ok
        out.append({"case": case, "seconds": secs, "peak": peak, "status": status, "within": within})
        shutil.rmtree(project, ignore_errors=True)
    return out


def bench_import_export(n: int, work: Path, repeat: int) -> dict:
    """`import` of an n-row spreadsheet against what it cannot do without:
    python-calamine reading the file plus `check` of the list it wrote (the
    import checks every file as `check` does, and writes it);
    `export --format xlsx` of n items against XlsxWriter writing the same
    cells with the same formats; the import's peak memory in its own process.

    Where an import of 10,000 rows (8,182 files) spends its time, measured
    on the quiet 2-core machine (about 6 s in all, calamine 0.23-0.3 s): the
    rows' cleaning 0.7 s; libyaml emitting the files' text 1.5 s (0.9 s of
    it inside the C emitter); check's rules on each item 1.75 s (pydantic
    and lint 0.75 s, the flow 0.9 s); creating the files 1.1-1.6 s, nearly
    all in the kernel, and 0.5-5 s depending on the disk's other work. The
    reading itself runs in a child process while the parent loads the list
    and the pinyin dictionary."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    from powerlist.outputs.export import sheets, xlsx_bytes
    from powerlist.importing import import_list

    from .listdata import rows, write_xlsx

    project = work / "io"
    (project / "powers").mkdir(parents=True)
    site = (ROOT / "powers/_site.yaml").read_text(encoding="utf-8")  # a list being imported: no `require:` yet
    (project / "powers/_site.yaml").write_text(
        "".join(ln for ln in site.splitlines(True) if not ln.startswith("require:")), encoding="utf-8")
    shutil.copytree(ROOT / "flows", project / "flows")
    src = project / "list.xlsx"
    write_xlsx(src, rows(n))
    read_s, _ = _best(lambda: CalamineWorkbook.from_path(str(src)).get_sheet_by_name("Sheet1").to_python(), repeat)

    def fresh_import():
        for f in (project / "powers").glob("[!_]*.yaml"):
            f.unlink()
        return import_list(src, project / "powers", project / "flows")

    import_s, outcome = _best(fresh_import, max(2, repeat))  # best of several, as the baseline's parts are
    check_s, checked = _best(lambda: load_catalog(project / "powers", project / "flows"), repeat)
    for f in (project / "powers").glob("[!_]*.yaml"):
        f.unlink()
    mem_s, peak, status = _run_measured(["import", "list.xlsx"], project)
    # export: the generated list of the site benchmark, n items
    listing = generate(work / "io-export", n)
    cat = load_catalog(listing / "powers", listing / "flows")
    s = sheets(cat)

    def raw() -> bytes:
        import io
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1, "num_format": "@"})
        for name, table in (("a", s.rows), ("b", s.guide)):
            ws = book.add_worksheet(name)
            for r, row in enumerate(table, 1):
                for i, value in enumerate(row):
                    ws.write_string(r, i, value, cell)
        book.close()
        return out.getvalue()

    raw_s, _ = _best(raw, repeat)
    export_s, _ = _best(lambda: xlsx_bytes(cat), repeat)
    return {"read": read_s, "check": check_s, "checked_ok": checked.ok, "import": import_s,
            "written": len(outcome.written), "failed": outcome.failed_rows,
            "import_process": mem_s, "peak": peak, "status": status, "raw": raw_s, "export": export_s}


def _in_process(project: Path, ident: str) -> tuple[float, float]:
    """Seconds for the whole check, and for walk's report, without the
    interpreter's start and imports."""
    from powerlist.view import walk

    t0 = time.perf_counter()
    cat = load_catalog(project / "powers")
    t1 = time.perf_counter()
    walk.format_json(walk.report(cat.entries[ident]))
    return t1 - t0, time.perf_counter() - t1


def bench_history(n: int, commits: int, work: Path) -> dict:
    """Each item's history at `n` items with `commits` commits that change
    every item: read from git cold (no cache) and warm (the cache of each
    commit present), against a warm site build of the same repository,
    which includes the warm read."""
    from powerlist.core.catalog import load_catalog
    from powerlist.history import read

    project = work / f"history-{n}"
    generate(project, n)
    shutil.copytree(ROOT / "docs", project / "docs")
    _one_edition(project / "mkdocs.yml")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.org"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "list")
    files = sorted((project / "powers").glob("[!_]*.yaml"))
    for k in range(1, commits):  # every item's remark changes in every commit
        for f in files:
            text = f.read_text(encoding="utf-8")
            mark = "\nremark: 第"
            text = (text.split(mark)[0] if mark in text else text.rstrip("\n")) + f"\nremark: 第 {k} 次修改\n"
            f.write_text(text, encoding="utf-8")
        git("commit", "-q", "-a", "-m", f"change {k}")
    cwd = os.getcwd()
    os.chdir(project)
    try:
        cat = load_catalog(project / "powers")
        cache = project / ".cache/powerlist/history"
        t0 = time.perf_counter()
        h = read(cat, cache)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        read(cat, cache)
        warm = time.perf_counter() - t0
    finally:
        os.chdir(cwd)
    versions = sum(len(v) for v in h.items.values())
    _build(project)  # fills every cache
    build, _ = _build(project)
    return {"cold": cold, "warm": warm, "versions": versions, "build": build}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--items", type=int, default=3064)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--keep", type=Path, default=None, help="write the generated list here and keep it")
    p.add_argument("--only", choices=["check", "adversarial", "charts", "site", "serve", "io", "citizen", "standards",
                                      "history", "lighthouse", "shards"],
                   action="append",
                   help="run only these parts")
    p.add_argument("--site-items", type=int, nargs="*", default=[3064, 10000], help="list sizes for the site build")
    p.add_argument("--site-repeat", type=int, default=2, help="builds of each kind; the best counts")
    p.add_argument("--generator", choices=GENERATORS, action="append",
                   help="site: the generated list (default both): a flow per item, or the 8 example shapes")
    p.add_argument("--bodies", type=int, default=1, help="bodies (部门) of the generated list (1: one department)")
    p.add_argument("--shard-items", type=int, default=100_000, help="items of the sharded list (--only shards)")
    p.add_argument("--shard-bodies", type=int, default=200, help="bodies of the sharded list (--only shards)")
    p.add_argument("--shards", default="auto", help="shards of the sharded list: a number, or auto as the workflow")
    args = p.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="powerlist-bench-"))
    out = args.keep or tmp / "list"
    parts = args.only or ["check", "adversarial", "io", "charts", "standards", "history", "site", "citizen"]
    try:
        if "adversarial" in parts:  # first: a child forked from a grown parent reports the parent's size
            rows = bench_adversarial(tmp)
            base = rows[0]
            start, _, _ = _run_measured(["--version"], ROOT)
            print(f"adversarial flows: each command in its own process, which alone takes {start:.2f} s to start "
                  "and import; 'inside' is the same work without that")
            for r in rows:
                (ct, cm, cs), (wt, wm, ws), (ci, wi) = r["check"], r["walk"], r["inside"]
                print(f"  {r['case']}: check {ct:.2f} s = {ct / base['check'][0]:.2f}× the example list, inside "
                      f"{ci:.2f} s, {cm / 2**20:.0f} MB, exit {cs} (target < 1 s, < 200 MB); walk --format json "
                      f"{wt:.2f} s = {wt / base['walk'][0]:.2f}×, inside {ci + wi:.2f} s, {wm / 2**20:.0f} MB, "
                      f"exit {ws} (target < 2 s, < 200 MB)")
            rows = bench_hostile(tmp)
            print("hostile inputs: each command in its own process (bound: time and peak memory; "
                  "'refused' means a diagnostic and a non-zero exit, never a traceback)")
            for r in rows:
                c = r["case"]
                print(f"  {c.name}: {r['seconds']:.2f} s, {r['peak'] / 2**20:.0f} MB, exit {r['status']} "
                      f"(bound {c.seconds:g} s, {c.megabytes} MB, {c.expect}) {'within' if r['within'] else 'OVER'}")
        if "io" in parts:
            n = max(args.site_items or [10000])
            r = bench_import_export(n, tmp, args.repeat)
            base = r["read"] + r["check"]
            print(f"import, {n} rows of XLSX: {r['import']:.1f} s = {r['import'] / base:.2f}× python-calamine reading "
                  f"the same file ({r['read']:.2f} s) + check of the written list ({r['check']:.2f} s, "
                  f"{'passes' if r['checked_ok'] else 'FAILS'}) (target ≤ 1.5×); {r['written']} files written, "
                  f"{r['failed']} rows refused as the synthetic list intends; in its own process "
                  f"{r['import_process']:.1f} s, peak {r['peak'] / 2**20:.0f} MB (target ≤ 1024 MB), exit {r['status']}")
            print(f"export, {n} items to XLSX: {r['export']:.2f} s = {r['export'] / r['raw']:.2f}× XlsxWriter writing the "
                  f"same cells alone ({r['raw']:.2f} s; target ≤ 1.5×)")
        if "lighthouse" in parts:
            from benchmarks.lighthouse import VERSION, report

            n = max(args.site_items or [10000])
            print(f"Lighthouse {VERSION}, mobile (simulated slow 4G, 4× CPU slowdown), served with gzip; load average "
                  f"{os.getloadavg()[0]:.2f} (a busy machine lowers performance):", flush=True)
            for label, r in bench_lighthouse(n, tmp):
                print(report(label, r), flush=True)
        if "citizen" in parts:
            n = max(args.site_items or [10000])
            r = bench_citizen(n, tmp, args.bodies)
            name, size = r["largest_html"]
            load = os.getloadavg()
            print(f"list page, {n} items of {args.bodies} bod{'y' if args.bodies == 1 else 'ies'}, in Chromium (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}):")
            for i, (q, f) in enumerate(r["first"].items()):
                if f is None:
                    print(f"    “{q}” in the address: nothing found")
                    continue
                print(f"    “{q}” ({FIRST_CLASS.get(q, '')}) in the address: {f['index_gzip'] / 1024:.0f} KB of the index in "
                      f"{f['index_files']} files (target ≤ 100 KB); with the page and its theme "
                      f"{f['gzip'] / 1024:.0f} KB (gzip, {f['files']} files) transferred before the first "
                      f"results; drawn {f['ms']:.0f} ms after the navigation started, {f['after_load_ms']:.0f} ms after "
                      f"the load event ({f['load_ms']:.0f} ms){' (target ≤ 500 ms)' if i == 0 else ''}")
            print(f"    one keystroke ({r['keystrokes']} of them, input to the rows in view painted): "
                  f"{r['keystroke_median_ms']:.1f} ms median with the files it needs at hand, {r['keystroke_max_ms']:.1f} ms at "
                  f"most (target ≤ 50 ms median); {r['keystroke_cold_median_ms']:.1f} ms median the first time, when "
                  f"{r['keystroke_cold_fetching']} of them fetched a file first (at most {r['keystroke_cold_max_files']} files)")
            print(f"    largest HTML page {name}: {size / 1024:.0f} KB (target ≤ 1024 KB); search index "
                  f"{r['index_gzip_per_item']:.0f} bytes per item gzip in {r['index_files']} files (target ≤ 150)")
            pf = r["pagefind"]
            if isinstance(pf, str):
                print(f"    Pagefind: not run ({pf})")
            else:
                print(f"    Pagefind on the same site: indexing {pf['index_seconds']:.1f} s, index {pf['index_bytes'] / 2**20:.1f} MB "
                      f"in {pf['files']} files")
                for q in QUERIES:
                    hits, ms = pf["queries"][q]
                    print(f"      “{q}”: ours {r['ours'][q]} hits; Pagefind {hits} hits in {ms:.0f} ms")
        if "shards" in parts:  # not in the default run: a province takes long (see benchmarks/shards.py)
            from .shards import bench_shards, report

            report(bench_shards(args.shard_items, args.shard_bodies, args.shards, tmp))
            if parts == ["shards"]:
                return 0
        if set(parts) & {"check", "charts", "standards", "history"}:
            generate(out, args.items, bodies=args.bodies)
            size = sum(f.stat().st_size for f in (out / "powers").rglob("*.yaml") if not f.name.startswith("_"))
            print(f"generated {args.items} items, {size / args.items / 1024:.1f} KB per file on average")
        if "check" in parts:
            r = bench_check(out / "powers", args.repeat)
            print(f"check: {r['check_s']:.2f} s for {r['files']} files; plain C-loader load {r['baseline_s']:.2f} s; "
                  f"ratio {r['ratio']:.2f}× (target ≤ 2.00×); {r['errors']} errors, {r['warnings']} warnings")
            print(f"flow analysis: {r['flows_s']:.2f} s = {r['flows_s'] / r['check_s']:.0%} of check (target < 20%)")
        if "charts" in parts:
            c = bench_charts(out / "powers", tmp / "chart-cache")
            (cold, n_cold), (warm, n_warm) = c["cold"], c["warm"]
            print(f"charts: {c['charts']} items; cold cache {cold:.1f} s ({cold / c['charts'] * 1000:.1f} ms per chart, "
                  f"{n_cold} laid out); warm cache {warm:.1f} s ({warm / c['charts'] * 1000:.2f} ms per chart, "
                  f"{n_warm} laid out; target 0); one layout takes {c['layout_s'] * 1000:.1f} ms")
        if "standards" in parts:
            r = bench_standards(out / "powers", args.repeat)
            n = r["items"]
            print(f"standards, {n} items: BPMN {r['bpmn']:.2f} s ({r['bpmn'] / n * 1000:.2f} ms per item, "
                  f"{r['bpmn_bytes'] / 2**20:.1f} MB) = {r['bpmn'] / r['json']:.1f}× the JSON export "
                  f"({r['json']:.2f} s; target ≤ 10×); CPSV-AP JSON-LD {r['jsonld']:.2f} s ({r['jsonld_bytes'] / 2**20:.1f} MB) = "
                  f"{r['jsonld'] / r['json']:.1f}× (target ≤ 10×); Turtle (rdflib) {r['turtle']:.1f} s "
                  f"({r['turtle_bytes'] / 2**20:.1f} MB) = {r['turtle'] / r['json']:.0f}×")
        if "history" in parts:
            r = bench_history(args.items, 10, tmp)
            print(f"history, {args.items} items × 10 commits ({r['versions']} versions): cold {r['cold']:.1f} s, warm "
                  f"{r['warm']:.2f} s = {r['warm'] / (r['build'] - r['warm']) * 100:.0f}% added to the rest of a warm site "
                  f"build ({r['build'] - r['warm']:.1f} s; target ≤ 20%)")
        if "site" in parts or "serve" in parts:
            for kind in args.generator or list(GENERATORS):
                for n in args.site_items:
                    r = bench_site(n, tmp, args.site_repeat, kind, args.bodies)
                    print(f"site, {n} items, {kind} flows: cold build {r['cold']:.1f} s = {r['cold'] / r['base']:.2f}× the "
                          f"plain MkDocs build of the same pages ({r['base']:.1f} s; target ≤ 1.0×); warm {r['warm']:.1f} s = "
                          f"{r['warm'] / r['base']:.2f}× (target ≤ 0.3×); one item edited {r['edit']:.1f} s = "
                          f"{r['edit'] / r['base']:.2f}× ({'its page changed' if r['edited'] else 'ITS PAGE DID NOT CHANGE'})", flush=True)
                    if "serve" in parts and n == max(args.site_items):
                        s = bench_serve(r["project"])
                        print(f"    scripts/serve: first build {s['start']:.1f} s; one edited item served changed "
                              f"{s['edit']:.1f} s after the save (target ≤ 5 s); peak memory {s['peak'] / 2**20:.0f} MB", flush=True)
                    print(f"    peak memory (process tree) cold {r['cold_peak'] / 2**20:.0f} MB, warm {r['warm_peak'] / 2**20:.0f} MB "
                          f"(plain {r['base_peak'] / 2**20:.0f} MB; target ≤ 1024 MB); "
                          f"site {r['site_bytes'] / 2**20:.1f} MB; item page {r['item_html'] / 1024:.1f} KB on average, "
                          f"{r['item_html_max'] / 1024:.1f} KB at most (target ≤ 40 KB); search data "
                          f"{r['search_per_item']:.0f} bytes per item (target ≤ 1536)", flush=True)
                    shutil.rmtree(r["project"], ignore_errors=True)
                    shutil.rmtree(tmp / f"plain-{kind}-{n}", ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
