"""`scripts/bench --only shards`: a province's list built in shards and
merged (see `powerlist.shards`), against plain MkDocs building the same
pages in the same run.

The list: `--shard-items` items (default 100,000) of `--shard-bodies`
bodies (default 200), their sizes spread as a province's departments are
(a few large, many small: log-normal), the §7 type mix (run.generate).
It is dealt to `--shards` shards (default: auto, as the workflow does).

A whole province does not fit this machine's time, so the bench builds a
*sample* of shards (the largest and a typical one) for real, each in its
own process (time and peak memory), and extrapolates the others from the
typical one by their number of items; the parts of the shards not built
are stood in for by copies of a built item's files (the merge only reads
and copies them), so that the merge runs for real over the whole list.
Each time is printed beside plain MkDocs building the same pages (the
shard's, or the merge's) as an ordinary site, and the output says which
numbers are measured and which extrapolated.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATE = "1700000000"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": DATE,
       "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}  # benchmarks.shards


def skew(powers: Path, seed: int = 23) -> dict[str, int]:
    """Deal the item files of the body folders again, log-normally: a few
    bodies with thousands of items, most with a few hundred or less."""
    rng = random.Random(seed)
    bodies = sorted(p.name for p in powers.iterdir() if (p / "_body.yaml").is_file())
    files = sorted(f for b in bodies for f in (powers / b).glob("*.yaml") if f.name != "_body.yaml")
    weights = [rng.lognormvariate(0, 1.1) for _ in bodies]
    share = [w / sum(weights) * len(files) for w in weights]
    counts = [max(1, math.floor(s)) for s in share]
    for i in sorted(range(len(bodies)), key=lambda i: share[i] - math.floor(share[i]), reverse=True):
        if sum(counts) >= len(files):
            break
        counts[i] += 1
    while sum(counts) > len(files):
        counts[counts.index(max(counts))] -= 1
    rng.shuffle(files)
    at = 0
    for b, c in zip(bodies, counts):
        for f in files[at:at + c]:
            if f.parent.name != b:
                os.replace(f, powers / b / f.name)
        at += c
    return dict(zip(bodies, counts))


def _run(args: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak memory (bytes) of a command of this Python in its own process; it must succeed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed in {cwd}:\n{err[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024


def _config(project: Path):
    from mkdocs.config import load_config

    return load_config(str(project / "mkdocs.yml"))


def _builder(project: Path):
    """The site's builder as the plugin makes it (the same fingerprint as the parts')."""
    from powerlist.core.catalog import load_catalog
    from powerlist.outputs.chart import ChartCache, header_for, render
    from powerlist.history import read as read_history
    from powerlist.site.pages import SiteBuilder
    from powerlist.site.render import Templates

    config = _config(project)
    cat = load_catalog(project / "powers", project / "flows")
    templates = Templates(project / "overrides/powerlist", language=str(config.theme["language"]))
    cache = ChartCache(project / ".cache/powerlist/charts", templates.words)
    return SiteBuilder(cat, lambda x, v: render(x.flow, header_for(v), cache)[0], templates,
                       history=read_history(cat, project / ".cache/powerlist/history"), site_url=config.site_url,
                       directory_urls=config.use_directory_urls)


def write_plain(project: Path, role: str, out: Path) -> int:
    """The pages of a shard (role "K/N") or of the merge (role "merge",
    with the parts in project/parts) as an ordinary MkDocs site in `out`:
    the baseline. Returns how many pages it has."""
    from powerlist.site.pages import Page, write_pages
    from powerlist.site.shards import Merge, Shard

    builder = _builder(project)
    config = _config(project)
    if role == "merge":
        made = Merge(sorted((project / "parts").iterdir())).made(builder, config)
    else:
        k, n = map(int, role.split("/"))
        made = Shard(k, n).made(builder, config)
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    pages = 0
    for group in made:
        pages += sum(isinstance(p, Page) for p in group)
        write_pages(group, out / "docs")
    from .run import plain_config

    plain_config(project, out)
    return pages


def stand_in(project: Path, built: list[int]) -> None:
    """Parts for the shards not built: each item's files copied (hard-linked)
    from an item of a built part, under the manifest a real part has."""
    from powerlist.site.pages import item_file_names, item_path
    from powerlist.site.shards import MANIFEST, dest, plan

    builder = _builder(project)
    parts = project / "parts"
    real = json.loads((parts / f"part-{built[0]}" / MANIFEST).read_text(encoding="utf-8"))
    p = plan(builder.cat, real["plan"]["shards"])
    model = next(rel.split("/")[1] for rel in real["files"] if rel.endswith("flow.bpmn"))
    by_shard: dict[int, list[str]] = {}
    for planned in builder.plan():
        if planned.item is not None:
            by_shard.setdefault(p.of_body[builder.cat.entries[planned.item].body], []).append(planned.item)
    for k in range(1, p.shards + 1):
        if k in built:
            continue
        out = parts / f"part-{k}"
        shutil.rmtree(out, ignore_errors=True)
        files = []
        for ident in by_shard.get(k, []):
            x = builder.cat.entries[ident]
            (out / "items" / ident).mkdir(parents=True)
            for name in (*item_file_names(x), "index.html"):
                os.link(parts / f"part-{built[0]}" / "items" / model / name, out / "items" / ident / name)
            files += [f"items/{ident}/{name}" for name in item_file_names(x)] + [dest(item_path(ident))]
        (out / MANIFEST).write_text(json.dumps({**real, "shard": k, "files": files}, ensure_ascii=False),
                                    encoding="utf-8")


def bench_shards(n: int, bodies: int, shards: str, work: Path) -> dict:
    from .run import generate

    project = work / "province"
    generate(project, n, bodies=bodies)
    sizes = skew(project / "powers")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "powerlist", "shard", "plan", "--shards", shards, "--json",
                           "--powers", "powers"], cwd=project, env=ENV, capture_output=True, text=True, check=True)
    plan_s = time.perf_counter() - t0
    plan = json.loads(proc.stdout)
    items = plan["items"]
    order = sorted(range(1, plan["shards"] + 1), key=lambda k: (items[k - 1], k))
    largest, typical = order[-1], order[len(order) // 2]
    sample = [largest] if typical == largest else [largest, typical]
    out: dict = {"items": n, "bodies": bodies, "largest_body": max(sizes.values()), "smallest_body": min(sizes.values()),
                 "shards": plan["shards"], "shard_items": items, "plan": plan_s, "built": {}}
    for k in sample:
        role = f"{k}/{plan['shards']}"
        shutil.rmtree(project / ".cache", ignore_errors=True)  # a runner of the matrix starts with no chart cache
        t, peak = _run(["-m", "powerlist", "shard", "build", role, "--out", f"parts/part-{k}"], project)
        plain = work / f"plain-{k}"
        _run(["-m", "benchmarks.shards", "plain", str(project), role, str(plain)], project)
        base, base_peak = _run(["-m", "mkdocs", "build", "-q", "-d", "site"], plain)
        pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
        shutil.rmtree(plain)
        out["built"][k] = {"items": items[k - 1], "seconds": t, "peak": peak, "plain": base, "plain_peak": base_peak,
                           "pages": pages}
    if plan["shards"] > len(sample):
        _run(["-m", "benchmarks.shards", "stand-in", str(project), *map(str, sample)], project)
    merged, merge_peak = _run(["-m", "powerlist", "shard", "merge", *(f"parts/part-{k}" for k in range(1, plan["shards"] + 1)),
                               "--out", "site"], project)
    plain = work / "plain-merge"
    _run(["-m", "benchmarks.shards", "plain", str(project), "merge", str(plain)], project)
    base, base_peak = _run(["-m", "mkdocs", "build", "-q", "-d", "site"], plain)
    out["merge"] = {"seconds": merged, "peak": merge_peak, "plain": base, "plain_peak": base_peak,
                    "pages": sum(1 for _ in (plain / "docs").rglob("*.md"))}
    typ = out["built"][typical]
    out["estimated"] = {k: (out["built"][k]["seconds"] if k in out["built"]
                            else typ["seconds"] * items[k - 1] / typ["items"]) for k in range(1, plan["shards"] + 1)}
    out["sample"] = sample
    return out


def report(r: dict) -> None:
    shards, est = r["shards"], r["estimated"]
    print(f"shards: {r['items']} items of {r['bodies']} bodies ({r['smallest_body']}–{r['largest_body']} items a body), "
          f"dealt to {shards} shards of {min(r['shard_items'])}–{max(r['shard_items'])} items "
          f"(plan {r['plan']:.1f} s, which reads the whole list)")
    for k in r["sample"]:
        b = r["built"][k]
        what = "largest" if k == max(r["built"], key=lambda j: r["built"][j]["items"]) else "typical"
        print(f"    shard {k}/{shards} ({what}, built): {b['items']} items, {b['seconds']:.1f} s = "
              f"{b['seconds'] / b['plain']:.2f}× plain MkDocs building its {b['pages']} pages ({b['plain']:.1f} s); "
              f"peak {b['peak'] / 2**20:.0f} MB (plain {b['plain_peak'] / 2**20:.0f} MB)")
    m = r["merge"]
    print(f"    merge (built over every part{'; parts of shards not built stood in for by copied files' if shards > len(r['sample']) else ''}): "
          f"{m['seconds']:.1f} s = {m['seconds'] / m['plain']:.2f}× plain MkDocs building its {m['pages']} pages "
          f"({m['plain']:.1f} s); peak {m['peak'] / 2**20:.0f} MB (plain {m['plain_peak'] / 2**20:.0f} MB)")
    total = sum(est.values())
    guessed = shards - len(r["sample"])
    how = f"{len(r['sample'])} built, {guessed} extrapolated from the typical one by items" if guessed else "all built"
    largest = max(est.values())
    print(f"    total: shard times sum to {total:.0f} s ({how}), {total / shards:.0f} s a shard on average; as a "
          f"matrix, plan + largest shard + merge = {r['plan'] + largest + m['seconds']:.0f} s of wall time "
          f"(one runner per shard, each job also installs and checks out)")


def main(argv: list[str]) -> int:
    if argv[0] == "plain":
        write_plain(Path(argv[1]), argv[2], Path(argv[3]))
    elif argv[0] == "stand-in":
        stand_in(Path(argv[1]), [int(k) for k in argv[2:]])
    else:
        raise SystemExit(f"unknown command {argv[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
