"""Issue 24, part B: `powerlist notice` writes the skeleton of a notice from
a branch's changes, compared as the pull-request rule compares them; `check`
refuses it until it is filled in. On the fixture repository of test_history."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from conftest import cli, edit
from powerlist.history.noticegen import today
from test_history import git, repo  # noqa: F401 - the fixture repository

TECH = "powers/keji/jishu-hetong-dengji.yaml"


def test_the_notice_command_writes_a_skeleton_that_check_refuses_until_filled(repo: Path, capsys) -> None:
    git(repo, "checkout", "-q", "-b", "shixian")
    # an adjustment, a new item, a cancellation, a rename alone
    edit(repo / TECH, "promised: 8 个工作日", "promised: 7 个工作日")
    edit(repo / TECH, "charged: false", "charged: false\n    items: []")  # the same fact, written out: no change
    shutil.copy(repo / "powers/keji-chengguo-dengji.yaml", repo / "powers/keji-chengguo-pingjia.yaml")
    shutil.copytree(repo / "powers/files/keji-chengguo-dengji", repo / "powers/files/keji-chengguo-pingjia")
    edit(repo / "powers/keji-chengguo-pingjia.yaml", 'code: "410802-GG-001"', 'code: "410802-GG-091"')
    edit(repo / "powers/keji-chengguo-pingjia.yaml", "name: 科技成果登记", "name: 科技成果评价登记")
    edit(repo / "powers/kexue-jishu-jiang.yaml", "\nname: ",
         "\nstatus: 已取消\nretired:\n  date: \"%s\"\n  notice: %s-tiaozheng\nname: " % (today(), today()))
    edit(repo / "powers/gaoxin-qiye-gengming-zhuanbao.yaml", "\nname: ",
         "\nstatus: 已合并\nretired:\n  date: \"%s\"\n  notice: %s-tiaozheng\n  successors: [gaoxin-qiye-tuijian]\nname: "
         % (today(), today()))
    git(repo, "mv", "powers/keji-tepaiyuan-shenbao.yaml", "powers/keji-tepaiyuan.yaml")
    git(repo, "mv", "powers/files/keji-tepaiyuan-shenbao", "powers/files/keji-tepaiyuan")
    edit(repo / "powers/keji-tepaiyuan.yaml", "\nname: ", "\nrenamed_from: [keji-tepaiyuan-shenbao]\nname: ")

    code, out = cli(capsys, "notice", "--base", "main")
    path = repo / "changes" / f"{today()}-tiaozheng.yaml"
    assert code == 0 and f"已生成 changes/{today()}-tiaozheng.yaml（4 条）" in out, out
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["published"] == today()
    assert [(e["kind"], e["items"], e.get("into")) for e in doc["entries"]] == [
        ("合并", ["gaoxin-qiye-gengming-zhuanbao"], ["gaoxin-qiye-tuijian"]), ("调整", ["jishu-hetong-dengji"], None),
        ("新增", ["keji-chengguo-pingjia"], None), ("取消", ["kexue-jishu-jiang"], None)]
    merged, adjusted, added, cancelled = doc["entries"]
    assert "【待填写" in adjusted["summary"] and "承诺办结时限" in adjusted["summary"]
    assert added["summary"] == "新增公共服务“科技成果评价登记”" and cancelled["summary"] == "取消“对在科技进步工作中作出突出贡献的组织和个人给予奖励”"
    for key in ("doc_number", "title", "approved", "reason"):
        assert doc[key].startswith("【待填写"), key

    # check refuses the draft: each placeholder at its line, nothing else said of the notice
    code, out = cli(capsys, "check", "--base", "main", "powers")
    assert code == 1
    mine = [ln for ln in out.splitlines() if ln.startswith(f"changes/{today()}-tiaozheng.yaml")]
    assert mine and all("[PL420]" in ln for ln in mine), out
    assert {ln.split(": ")[2] for ln in mine} >= {"doc_number", "title", "approved", "reason", "entries[1].summary",
                                                  "entries[0].basis[0].title"}
    assert "[PL711]" not in out and "[PL704]" not in out and "[PL205]" not in out, out

    # filled in, it passes
    text = path.read_text(encoding="utf-8")
    filled = yaml.safe_load(text)
    filled.update(doc_number="解科工〔2025〕20号", title="关于调整权责清单的公告", approved=today(), reason="优化营商环境")
    for e in filled["entries"]:
        e["summary"] = e["summary"] if "【" not in e["summary"] else "承诺时限由 8 个工作日压缩为 7 个工作日"
        del e["basis"]
    path.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out = cli(capsys, "check", "--base", "main", "powers")
    assert code == 0, out

    # a second run does not overwrite it
    code, out = cli(capsys, "notice", "--base", "main")
    assert code == 2 and "已存在" in out


def test_the_notice_command_with_nothing_to_announce_writes_nothing(repo: Path, capsys) -> None:
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # a clone: the default base is origin/main
    code, out = cli(capsys, "notice")
    assert code == 0 and "与 origin/main 相比，事项的公开内容没有改动" in out
    assert not list((repo / "changes").glob(f"{today()}-*.yaml"))
    code, out = cli(capsys, "notice", "--base", "no-such-branch")
    assert code == 1 and "[PL713]" in out
