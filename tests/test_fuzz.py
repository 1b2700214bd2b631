"""Fuzzing `powerlist check`: the example files mutated every way a hostile
or careless pull request could, and random flows, against oracles that hold
for any input:

- no exception escapes (POWERLIST_DEBUG=1 lets a fault of the program raise);
- the exit code is 0, 1 or 2;
- every diagnostic points at a line (and column) inside its file, counted as
  an editor counts them;
- the output is deterministic, in text every diagnostic is one line;
- no diagnostic is repeated;
- each check takes bounded time.

Bounded and derandomized, so CI is deterministic. Every minimised input that
once broke an oracle is kept in tests/fuzz_corpus/ and checked by
`test_corpus` with the same oracles: `<role>--<what>.fuzz`, where the role
says which file of the project it replaces.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from powerlist.cli.main import main
from powerlist.core.diagnostics import Diagnostic, format_text
from powerlist.core.rules import Severity

pytestmark = pytest.mark.fuzz  # many generated inputs: left out by scripts/test --fast

ROLES = {
    "site": "powers/_site.yaml",
    "item": "powers/jishu-hetong-dengji.yaml",      # a flow from the template
    "inline": "powers/keji-tepaiyuan-shenbao.yaml",  # a flow of its own
    "template": "flows/yishenqing.yaml",
}
ORIGINAL = {rel: (ROOT / rel).read_bytes() for rel in ROLES.values()}
CORPUS = Path(__file__).parent / "fuzz_corpus"

DIAG = re.compile(r"^[^\n]+?:\d+:\d+: (error|warning): .* \[PL\d{3}\]$")
EDITOR_BREAK = re.compile(rb"\r\n|\r|\n")
ENGLISH = re.compile(r"\b[A-Za-z][a-z]{2,} [a-z]{2,} [a-z]{2,}\b")  # what pydantic or libyaml would say

# POWERLIST_FUZZ_EXAMPLES=5000 explores further, with a fresh random seed each run.
_LONG = os.environ.get("POWERLIST_FUZZ_EXAMPLES")
FUZZ = settings(max_examples=int(_LONG or 200), deadline=None, derandomize=not _LONG, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    for rel in ROLES.values():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
    return root


def run(workdir: Path, files: dict[str, bytes], fmt: str) -> tuple[int, str, str, float]:
    for rel in ROLES.values():
        (workdir / rel).write_bytes(files.get(rel, ORIGINAL[rel]))
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.chdir(workdir), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            _debug():
        try:
            code = main(["check", "powers", "--format", fmt])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - start


@contextlib.contextmanager
def _debug():
    old = os.environ.get("POWERLIST_DEBUG")
    os.environ["POWERLIST_DEBUG"] = "1"  # a fault raises instead of exit 3
    try:
        yield
    finally:
        if old is None:
            del os.environ["POWERLIST_DEBUG"]
        else:
            os.environ["POWERLIST_DEBUG"] = old


def editor_lines(raw: bytes) -> list[str] | None:
    """The file's lines as an editor shows them; None if it is not UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return re.split(r"\r\n|\r|\n", text)


def assert_sane(workdir: Path, files: dict[str, bytes]) -> None:
    code, out, err, _ = run(workdir, files, "json")
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err
    doc = json.loads(out)
    found = doc["errors"] + doc["warnings"]
    assert (code == 1) == bool(doc["errors"])
    places = [(d["file"], d["line"], d["col"], d["rule"], d["path"]) for d in found]
    assert len(places) == len(set(places)), f"duplicate diagnostics: {found}"
    for d in found:
        raw = files.get(d["file"], ORIGINAL.get(d["file"]))
        assert raw is not None, f"diagnostic for a file that is not there: {d}"
        count = len(EDITOR_BREAK.split(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw))
        assert 1 <= d["line"] <= count, (d, count)
        lines = editor_lines(raw)
        if lines is not None:
            assert 1 <= d["col"] <= len(lines[d["line"] - 1]) + 1, (d, lines[d["line"] - 1])
        assert d["message"] and d["severity"] in ("error", "warning")
        assert not ENGLISH.search(d["message"]), f"a message in English: {d}"
    # a second run, in text: the same diagnostics, each on one line
    again, text, err, _ = run(workdir, files, "text")
    assert again == code, (again, err)
    same = [Diagnostic(d["rule"], d["file"], d["line"], d["col"], d["path"], d["message"], Severity(d["severity"]))
            for d in found]  # a site's require: makes some warnings errors
    assert text == format_text(same), "output is not deterministic"
    rows = [r for r in text.split("\n")[:-2] if r]
    assert len(rows) == len(found) and all(DIAG.match(r) for r in rows), text


# --- mutations of the example files ------------------------------------------------

UNICODE = [
    "\x00", "\x01", "\x07", "\x08", "\t", "\x0b", "\x0c", "\r", "\x0e", "\x1b", "\x1f", "\x7f", "\x80", "\x85",
    "\x9f", "\xa0", "\u00ad", "\u200b", "\u200d", "\u202e", "\u2028", "\u2029", "\u3000", "\ufeff", "\ufffd",
    "\ufffe", "\uffff", "\ue000", "\U0001f600", "\U0010ffff", "\u0301", "：", "－", "＃", "“", "”", "《",
]
YAML_BITS = [
    ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "<<: ", "? ", "|", ">-", "#", "'", '"',
    "\\", "---", "...", "%YAML 1.1", "~", "@", "`", "\\x0b", "\\0", "\\u2028", "\\N", "\\ud800", '"\\',
]
SCALARS = [
    "yes", "no", "on", "off", "y", "Null", "~", "1", "-0", "007", "0x1F", "0b_", "0o7", "1_000", "1e400", ".inf",
    ".nan", "1.5", "2026-02-30", "2026-01-01", "2001-12-14t21:59:43.10-05:00", "1:30", "[]", "{}", "[1, [2]]",
    "''", '""', "'yes'", '"\\x0b"', '"\\0"', "9" * 5000, "[" * 60 + "]" * 60, "str", "[key]", "int",
    "即办", "30 天", "-3 日", "0 日",
]


@st.composite
def mutated(draw, rels: tuple[str, ...] | None = None) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(sorted(rels or ORIGINAL)))
    lines = ORIGINAL[rel].split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [b""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "unicode", "yaml", "scalar",
                                   "text", "bytes", "truncate", "duplicate-key"]))
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), line)
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            change = draw(st.sampled_from([b" ", b"  ", b"\t", b"    ", b"-", b"- "]))
            lines[i] = change + line if draw(st.booleans()) else line[len(change):] if line.startswith(change) else line
        elif op in ("unicode", "yaml", "text"):
            text = line.decode("utf-8", "surrogateescape")
            at = draw(st.integers(0, len(text)))
            if op == "unicode":
                bit = draw(st.one_of(st.sampled_from(UNICODE), st.characters(codec="utf-8")))  # every class
            elif op == "yaml":
                bit = draw(st.sampled_from(YAML_BITS))
            else:
                bit = draw(st.text(max_size=6))
            lines[i] = (text[:at] + bit + text[at:]).encode("utf-8", "surrogateescape")
        elif op == "scalar":
            text = line.decode("utf-8", "surrogateescape")
            if ": " in text:
                key = text.split(": ", 1)[0]
                lines[i] = f"{key}: {draw(st.sampled_from(SCALARS))}".encode("utf-8", "surrogateescape")
            elif text.lstrip().startswith("- "):
                lead = text[: len(text) - len(text.lstrip())]
                lines[i] = f"{lead}- {draw(st.sampled_from(SCALARS))}".encode("utf-8", "surrogateescape")
        elif op == "bytes":
            at = draw(st.integers(0, len(line)))
            bit = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe4\xb8", b"\xef\xbb\xbf", b"\x00"]))
            lines[i] = line[:at] + bit + line[at:]
        elif op == "truncate":
            raw = b"\n".join(lines)
            raw = raw[: draw(st.integers(0, len(raw)))]
            lines = raw.split(b"\n")
        elif op == "duplicate-key":
            text = line.decode("utf-8", "replace")
            if ":" in text:
                lines.insert(i + 1, line)
    raw = b"\n".join(lines)
    whole = draw(st.sampled_from(["keep"] * 12 + ["bom", "utf16", "crlf", "cr"]))
    if whole == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif whole == "utf16":
        raw = raw.decode("utf-8", "replace").encode("utf-16")
    elif whole == "crlf":
        raw = raw.replace(b"\n", b"\r\n")
    elif whole == "cr":
        raw = raw.replace(b"\n", b"\r")
    return rel, raw


@FUZZ
@given(case=mutated())
def test_mutated_example_files(workdir: Path, case: tuple[str, bytes]) -> None:
    rel, raw = case
    assert_sane(workdir, {rel: raw})


# --- random flows ----------------------------------------------------------------------

IDS = ["apply", "check", "review", "decide", "grant", "deny", "done", "x"]
HOSTILE_TEXT = st.one_of(
    st.sampled_from(["受理", "审查", "决定", "送达", "<b>审查</b>", "{review_lane}", "{nosuch}", "a\nb", "\x0b", "",
                     "x" * 130, "申请人", "综合窗口", "局务会"]),
    st.text(max_size=8),
)
ANY = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), HOSTILE_TEXT, st.just([]), st.just({}))


@st.composite
def steps(draw) -> list[dict]:
    out = []
    for _ in range(draw(st.integers(0, 7))):
        step: dict = {"id": draw(st.sampled_from(IDS + ["Bad", "1x", ""])) if draw(st.integers(0, 9)) == 0
                      else draw(st.sampled_from(IDS)),
                      "kind": draw(st.sampled_from(["start", "task", "decision", "end", "task", "end", "gate"])),
                      "label": draw(HOSTILE_TEXT)}
        if draw(st.booleans()):
            step["lane"] = draw(st.sampled_from(["申请人", "综合窗口", "科技创新股", "局务会", "nobody", "{review_lane}"]))
        if draw(st.booleans()):
            step["duration"] = draw(st.sampled_from(["即办", "当天", "1 个工作日", "3 个工作日", "2 日", "30 天", 5,
                                                     "-1 日", "{review_time}", "99999 个工作日"]))
        for flag in ("counts", "in_person"):
            if draw(st.integers(0, 3)) == 0:
                step[flag] = draw(st.one_of(st.booleans(), ANY))
        if draw(st.integers(0, 5)) == 0:
            step["stage"] = draw(st.sampled_from(["受理", "审查", "决定", "送达", "推荐"]))
        shape = draw(st.sampled_from(["next", "exits", "none", "both"]))
        if shape in ("next", "both"):
            step["next"] = draw(st.sampled_from(IDS + ["nowhere"]))
        if shape in ("exits", "both"):
            step["exits"] = [
                {k: v for k, v in {"to": draw(st.sampled_from(IDS + ["nowhere"])),
                                   "label": draw(st.one_of(st.none(), HOSTILE_TEXT)),
                                   "loop": draw(st.one_of(st.none(), st.booleans()))}.items() if v is not None}
                for _ in range(draw(st.integers(0, 3)))]
        if draw(st.integers(0, 15)) == 0:
            step[draw(st.sampled_from(["str", "int", "[key]", "bogus"]))] = draw(ANY)
        out.append(step)
    return out


def _dump(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@FUZZ
@given(flow=steps(), where=st.sampled_from(["inline", "template"]), promise=st.sampled_from(["即办", "15 个工作日", "3 日"]))
def test_random_flows(workdir: Path, flow: list[dict], where: str, promise: str) -> None:
    if where == "inline":
        item = yaml.safe_load(ORIGINAL[ROLES["inline"]])
        item["flow"] = {"steps": flow}
        item["service"]["time_limit"]["promised"] = promise
        files = {ROLES["inline"]: _dump(item)}
    else:
        tpl = yaml.safe_load(ORIGINAL[ROLES["template"]])
        tpl["steps"] = flow
        files = {ROLES["template"]: _dump(tpl)}
    assert_sane(workdir, files)


# --- the corpus of inputs that once broke an oracle ---------------------------------------

def corpus() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.fuzz") if p.name.split("--")[0] in ROLES)


def test_corpus_is_not_empty() -> None:
    assert len(corpus()) >= 10
    for case in sorted(CORPUS.glob("*.fuzz")):
        assert case.name.split("--")[0] in (*ROLES, *HISTORY_ROLES), case.name


@pytest.mark.parametrize("case", corpus(), ids=lambda p: p.stem)
def test_corpus(workdir: Path, case: Path) -> None:
    assert_sane(workdir, {ROLES[case.name.split("--")[0]]: case.read_bytes()})


def save(role: str, name: str, raw: bytes) -> None:  # pragma: no cover - used by hand when a fuzz run fails
    """Keep a minimised input that broke an oracle: `save("item", "what", raw)`."""
    CORPUS.mkdir(exist_ok=True)
    (CORPUS / f"{role}--{name}.fuzz").write_bytes(raw)


# --- hostile history: whatever was once committed, the site builds ------------------------
#
# The same mutations, committed into a scratch repository as a past version of an item
# (and files of odd names added and removed), then the real `mkdocs build --strict`. Oracles:
# the build succeeds without a traceback; no page holds a control character; a past version
# today's loader refuses is shown as one that cannot be read. A build takes seconds, so the
# fuzzer runs a handful of examples; the corpus (every item case above, and the
# `history--*` and `history-name--*` cases: a past version's bytes, a file name's bytes)
# is always run, in one build.

HISTORY_ROLES = ("history", "history-name")
HISTORY_ITEM = "jishu-hetong-dengji"
HISTORY_EXAMPLES = int(_LONG) // 100 + 1 if _LONG else 3
ODD_NAME_BITS = [b"\x01", b"\x02", b"\n", b"\t", b"\r", b'"', b"\\", b"\xff", b"\xfe", b" ", b":", b"*", b"?", b"[",
                 "\u4e2d".encode(), b"\x7f", b"\xc2\x85", b"-", b"a", b".yaml"]
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# the commit date: after the example's newest change record (a record may not postdate its data, PL707)
def _git(repo: Path, *args: str, data: bytes | None = None, date: str = "2026-12-10T09:00:00+08:00") -> bytes:
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], input=data, env=env, check=True, capture_output=True).stdout


def history_repo(where: Path) -> Path:
    """The example project, committed."""
    import shutil

    repo = where / "repo"
    for name in ("powers", "flows", "changes", "docs"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "the list")
    return repo


def commit_past(repo: Path, versions: list[bytes], names: list[bytes]) -> None:
    """Each of `versions` committed as the item's file, then the file
    restored; each of `names` (any bytes but NUL and /) added as
    powers/<name>.yaml and removed again, with git's index (no file system
    needs to hold it)."""
    rel = f"powers/{HISTORY_ITEM}.yaml"
    good = (repo / rel).read_bytes()
    for raw in versions:
        (repo / rel).write_bytes(raw)
        _git(repo, "commit", "-q", "--allow-empty", "-a", "-m", "a past version")
        (repo / rel).write_bytes(good)
        _git(repo, "commit", "-q", "--allow-empty", "-a", "-m", "restored")
    blob = _git(repo, "hash-object", "-w", "--stdin", data=good).strip()
    for name in names:
        path = b"powers/" + name + b".yaml"
        _git(repo, "update-index", "-z", "--add", "--index-info", data=b"100644 " + blob + b"\t" + path + b"\0")
        _git(repo, "commit", "-q", "-m", "an odd name")
        _git(repo, "update-index", "-z", "--index-info", data=b"0 " + b"0" * len(blob) + b"\t" + path + b"\0")
        _git(repo, "commit", "-q", "-m", "gone")


def assert_builds(repo: Path, versions: list[bytes]) -> None:
    import subprocess
    import sys

    from powerlist.core.yamlsource import parse

    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", "site"], cwd=repo,
                          capture_output=True, text=True, timeout=300,
                          env={**{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"},
                               "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    page = (repo / f"site/items/{HISTORY_ITEM}/index.html").read_bytes().decode("utf-8")
    assert not _CONTROLS.search(page), _CONTROLS.search(page)
    for f in (repo / "site/changes").rglob("*.html"):
        assert not _CONTROLS.search(f.read_text(encoding="utf-8")), f
    refused = [raw for raw in versions if (lambda src, d: src is None or not isinstance(src.data, dict)
                                           or any(x.is_error for x in d))(*parse(raw, "x"))]
    if refused:
        assert "该版本无法读取" in page


def history_corpus() -> tuple[list[bytes], list[bytes]]:
    versions = [p.read_bytes() for p in corpus() if p.name.startswith("item--")]
    versions += [p.read_bytes() for p in sorted(CORPUS.glob("history--*.fuzz"))]
    names = [p.read_bytes() for p in sorted(CORPUS.glob("history-name--*.fuzz"))]
    return versions, names


def test_history_corpus_builds(tmp_path: Path) -> None:
    versions, names = history_corpus()
    assert len(versions) >= 20 and len(names) >= 3
    repo = history_repo(tmp_path)
    commit_past(repo, versions, names)
    assert_builds(repo, versions)


# no shrinking: each example is a build of seconds; a failure is shown as it was found
@settings(max_examples=HISTORY_EXAMPLES, deadline=None, derandomize=not _LONG, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(versions=st.lists(mutated((ROLES["item"],)).map(lambda case: case[1]), min_size=1, max_size=3),
       names=st.lists(st.lists(st.sampled_from(ODD_NAME_BITS), min_size=1, max_size=5).map(b"".join), max_size=2))
def test_hostile_history_builds(tmp_path_factory: pytest.TempPathFactory, versions: list[bytes],
                                names: list[bytes]) -> None:
    repo = history_repo(tmp_path_factory.mktemp("history"))
    commit_past(repo, versions, names)
    assert_builds(repo, versions)
