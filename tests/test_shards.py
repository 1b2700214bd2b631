"""A list built in shards and merged (`powerlist shard plan|build|merge`)
is byte for byte the site one `mkdocs build --strict` makes of the same
data: every file, pages, search index, sitemaps, feed, zips and XLSX.

The list: three bodies (tests/bodies_data.py) beside the example's own
items as the government's, with its notices, cancelled items, attachments
and a renamed item, in a git repository (history, past lists)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bodies_data import ITEMS, site_files, three_bodies
from conftest import ROOT
from test_site import tree_digest

DATE = "1800000000"  # 2027-01-15: after the example's notices were published
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": DATE}
RENAMED = ("keji-chengguo-dengji", "keji-chengguo-dengji-shenqing")  # a renamed item keeps its former address


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project, check=True,
                   capture_output=True, env={**ENV, "GIT_AUTHOR_DATE": f"{DATE} +0800",
                                             "GIT_COMMITTER_DATE": f"{DATE} +0800"})


def shard(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "powerlist", "shard", *args], cwd=project, env=ENV,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = site_files(three_bodies(tmp_path_factory.mktemp("province")))
    taken = {i for ids in ITEMS.values() for i in ids}
    for f in sorted((ROOT / "powers").glob("*.yaml")):
        if f.name != "_site.yaml" and f.stem not in taken:
            shutil.copy(f, project / "powers" / f.name)
    shutil.copytree(ROOT / "powers/files", project / "powers/files")
    shutil.copytree(ROOT / "changes", project / "changes")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "the list")
    old, new = RENAMED
    _git(project, "mv", f"powers/{old}.yaml", f"powers/{new}.yaml")
    _git(project, "mv", f"powers/files/{old}", f"powers/files/{new}")
    moved = project / f"powers/{new}.yaml"
    moved.write_text(moved.read_text(encoding="utf-8") + f"renamed_from: [{old}]\n", encoding="utf-8")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "renamed")
    return project


@pytest.fixture(scope="module")
def whole(project: Path) -> Path:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "whole"], cwd=project, env=ENV,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    return project / "whole"


@pytest.fixture(scope="module")
def parts(project: Path) -> list[Path]:
    out = []
    for k in (1, 2, 3):
        proc = shard(project, "build", f"{k}/3", "--out", f"parts/part-{k}")
        assert proc.returncode == 0, proc.stderr
        out.append(project / "parts" / f"part-{k}")
    return out


def test_the_plan_deals_bodies_by_their_items_the_same_every_time(project: Path) -> None:
    proc = shard(project, "plan", "--shards", "3", "--json")
    assert proc.returncode == 0, proc.stderr
    plan = json.loads(proc.stdout)
    # the government's own 16 items first, then fgw (2), then gjj and scjgj (1 each), to the emptiest shard
    assert plan == {"shards": 3, "matrix": [1, 2, 3], "items": [16, 2, 2],
                    "bodies": {"": 1, "fgw": 2, "gjj": 3, "scjgj": 3}}
    assert shard(project, "plan", "--shards", "3", "--json").stdout == proc.stdout
    auto = json.loads(shard(project, "plan", "--json").stdout)
    assert auto["shards"] == 1  # a list of 20 items is built in one job
    assert json.loads(shard(project, "plan", "--shards", "9", "--json").stdout)["shards"] == 4  # one a body at most


def test_shards_merged_are_byte_identical_to_one_build(project: Path, whole: Path, parts: list[Path]) -> None:
    proc = shard(project, "merge", *(str(p) for p in parts), "--out", "merged")
    assert proc.returncode == 0, proc.stderr
    merged = project / "merged"
    diff = subprocess.run(["diff", "-r", str(whole), str(merged)], capture_output=True, text=True)
    assert diff.returncode == 0, diff.stdout[:3000]
    assert tree_digest(merged) == tree_digest(whole)
    # the site's other edition is sharded and merged too
    assert (whole / "en" / "index.html").is_file() and (whole / "en" / "sitemap.xml").is_file()
    assert all((p / "en" / "_shard.json").is_file() for p in parts)
    # what the comparison covers: every kind of file the site has
    names = set(tree_digest(whole))
    for path in ("search/index.js", "sitemap.xml", "sitemap.xml.gz", "sitemap/index.html", "changes/feed.xml",
                 "downloads/quanze-qingdan.xlsx", "downloads/liucheng-bpmn.zip", "downloads/fuwu-cpsv-ap.zip",
                 "downloads/bodies/fgw.xlsx", f"items/{RENAMED[0]}/index.html", "bodies/index.html"):
        assert path in names, path
    assert any(n.startswith("downloads/history/") for n in names)  # a past list, from git
    assert any(n.startswith(f"items/{RENAMED[1]}/") and n.endswith(".pdf") for n in names)  # an attachment
    # the parts hold only their items' files: the merge made everything else
    part_files = [rel for p in parts for rel in json.loads((p / "_shard.json").read_text(encoding="utf-8"))["files"]]
    assert part_files and all(rel.startswith("items/") for rel in part_files)
    assert len(part_files) == len(set(part_files)) == sum(1 for n in names if n.startswith("items/"))


def test_a_merge_without_every_shard_is_refused(project: Path, parts: list[Path]) -> None:
    proc = shard(project, "merge", str(parts[0]), str(parts[2]), "--out", "half")
    assert proc.returncode == 1
    assert "缺少分片 2 的输出目录" in proc.stderr, proc.stderr
    proc = shard(project, "merge", str(parts[0]), str(parts[0]), str(parts[1]), "--out", "twice")
    assert proc.returncode == 1 and "分片 1 出现了两次" in proc.stderr, proc.stderr


def test_a_part_missing_a_file_is_refused(project: Path, parts: list[Path], tmp_path: Path) -> None:
    broken = [tmp_path / p.name for p in parts]
    for p, q in zip(parts, broken):
        shutil.copytree(p, q)
    lost = next(q for q in broken if (q / "items/gongjijin-jiaocun-jiancha").is_dir()) / "items/gongjijin-jiaocun-jiancha"
    (lost / "flow.bpmn").unlink()
    proc = shard(project, "merge", *(str(q) for q in broken), "--out", "lost")
    assert proc.returncode == 1
    assert "items/gongjijin-jiaocun-jiancha/flow.bpmn（分片的输出目录不完整）" in proc.stderr, proc.stderr


def test_a_part_of_other_data_is_refused(project: Path, parts: list[Path], tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(project, other, ignore=shutil.ignore_patterns("whole", "merged", "parts", ".cache"))
    item = other / "powers/gjj/gongjijin-jiaocun-jiancha.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("对单位住房公积金缴存情况的监督检查",
                                                             "对单位住房公积金缴存和提取情况的监督检查"), encoding="utf-8")
    proc = shard(other, "merge", *(str(p) for p in parts), "--out", "merged")
    assert proc.returncode == 1
    assert "是用另一份数据、另一版本的程序或另一个分片数生成的" in proc.stderr, proc.stderr
