"""Files attached to items (issue 13, point 4): blank forms, filled-in samples
and result samples kept in powers/files/<item id>/, checked by the real
`powerlist check`, published by a real `mkdocs build` and downloaded in
real Chromium; and the 在线预约 / 进度查询 buttons beside 在线办理."""

from __future__ import annotations

import io
import os
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT, edit, line_of
from test_site import TECH as TECH_PAGE, Visit, copy_project, mkdocs_build, tree_digest

TECH = "powers/jishu-hetong-dengji.yaml"
FILES = "powers/files/jishu-hetong-dengji"
SAMPLE = "技术合同登记证明（样本）.pdf"
FORM = "技术性收入核定表.xlsx"
EXAMPLE = "法人授权证明（示例）.pdf"
ODD = "表 #1 & 'x' 100%.pdf"  # a name that needs escaping in a URL and in HTML
SAMPLE_LINE = f"    sample: {SAMPLE}"
FORM_LINE = f"      blank_form: {FORM}"
DIAG = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<rest>.*) \[(?P<rule>PL\d{3})\]$")

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def diags(run) -> list[str]:
    return [ln for ln in run.lines if DIAG.match(ln)]


def only(run, *expected: str, code: int = 1) -> None:
    """Exactly these diagnostics (each a prefix of one line, in the sorted order), the exit status, no traceback."""
    lines = diags(run)
    assert run.code == code, run.out
    assert len(lines) == len(expected), run.out
    for line, prefix in zip(lines, expected):
        assert line.startswith(prefix), f"{line!r} does not start with {prefix!r}\n{run.out}"
    assert "Traceback" not in run.out + run.err


def at(path: Path, needle: str, value: str) -> str:
    """`file:line:col` of the value after `needle` on its line."""
    line = line_of(path, needle)
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return f"{path.relative_to(path.parents[1]).as_posix()}:{line}:{text.index(value) + 1}"


def docx(*extra: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in ("[Content_Types].xml", "word/document.xml", *extra):
            z.writestr(name, "<x/>")
    return out.getvalue()


def ole(*streams: str, text: str = "") -> bytes:
    """An OLE compound file's bytes as far as a check reads them: the header
    sector, then a directory sector of 128-byte entries (UTF-16 name, its
    length in bytes at offset 64), then a stream holding `text` (UTF-16,
    as Word keeps a document's text)."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entries = b""
    for name in ("Root Entry", *streams):
        raw = (name + "\0").encode("utf-16-le")
        entries += raw.ljust(64, b"\0") + len(raw).to_bytes(2, "little") + bytes(62)
    return head + entries.ljust(512, b"\0") + b"\0\0\0" + text.encode("utf-16-le")


# --- the checks -------------------------------------------------------------------------

def test_the_example_attachments_pass_the_check(check) -> None:
    run = check(str(ROOT / "powers"))
    assert run.code == 0 and diags(run) == [], run.out


def test_a_missing_file_is_reported_at_the_key_that_names_it(project: Path, check) -> None:
    (project / FILES / SAMPLE).rename(project / FILES / "技术合同登记证明(样本).pdf")  # half-width brackets
    f = project / TECH
    run = check("powers")
    only(run, f"{at(f, SAMPLE_LINE, SAMPLE)}: error: service.result.sample: 文件 {FILES}/{SAMPLE} 不存在；"
              f"是否要写 技术合同登记证明(样本).pdf？ [PL351]",
         f"{FILES}/技术合同登记证明(样本).pdf:1:1: warning: 此文件没有被事项 jishu-hetong-dengji 引用")


def test_a_missing_folder_is_reported_at_every_reference(project: Path, check) -> None:
    shutil.rmtree(project / FILES)
    f = project / TECH
    run = check("powers")
    only(run, f"{at(f, FORM_LINE, FORM)}: error: service.materials[3].blank_form: 文件 {FILES}/{FORM} 不存在；"
              f"请把文件放进 {FILES}/，或改正文件名 [PL351]",
         f"{at(f, 'sample: ' + EXAMPLE, EXAMPLE)}: error: service.materials[4].sample:",
         f"{at(f, SAMPLE_LINE, SAMPLE)}: error: service.result.sample:")


@pytest.mark.parametrize("value,variant", [
    ("../../../etc/passwd.pdf", "不能含有路径"),
    ("../keji-chengguo-dengji/科技成果登记证书（样本）.pdf", "不能含有路径"),
    ("/etc/passwd", "不能含有路径"),
    ("'C:\\Users\\表.pdf'", "不能含有路径"),
    ("..pdf", "文件名不能以“.”开头"),
    ("样本.exe", "的类型不能发布；可上传：PDF、OFD、Word（.doc .docx）、Excel（.xls .xlsx）、JPG、PNG"),
    ("样本.html", "的类型不能发布"),
    ("样本.svg", "的类型不能发布"),
    ("样本", "的类型不能发布"),
    ("'样本*.pdf'", "含有不允许的字符 *"),
    ('"\\u202efdp.exe"', "含有不可见的字符 U+202E"),
    ('"样\\u200b本.pdf"', "含有不可见的字符 U+200B"),
    ("x" * 120 + ".pdf", "文件名太长：最多 100 个字，实际 124 个字"),
])
def test_a_name_that_is_not_a_plain_file_name_is_refused(project: Path, check, value: str, variant: str) -> None:
    f = edit(project / TECH, SAMPLE_LINE, f"    sample: {value}")
    run = check("powers")
    only(run, f"{at(f, '    sample: ' + value, value[:1])}: error: service.result.sample: ",
         f"{FILES}/{SAMPLE}:1:1: warning:", )
    assert variant in diags(run)[0] and diags(run)[0].endswith("[PL350]"), run.out
    assert "\u202e" not in run.out and "\u200b" not in run.out  # shown as \u202e, never reordering the line


@pytest.mark.parametrize("value", ["javascript:alert(1)", "file:///etc/passwd", "data:application/pdf;base64,JVBERg==",
                                   "ftp://example.org/a.pdf"])
def test_an_address_must_be_http(project: Path, check, value: str) -> None:
    f = edit(project / TECH, FORM_LINE, f"      blank_form: {value}")
    run = check("powers")
    only(run, f"{at(f, 'blank_form: ' + value, value)}: error: service.materials[3].blank_form: "
              "网址只接受以 http:// 或 https:// 开头、不含空格和引号的地址 [PL205]")  # the item did not load: its files wait


def test_a_link_is_never_followed(project: Path, check, tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(PDF)
    target = project / FILES / SAMPLE
    target.unlink()
    target.symlink_to(secret)  # a link to a file outside the repository, named as referenced
    (project / FILES / "另一个.pdf").symlink_to("/etc/passwd")  # and one nothing references
    f = project / TECH
    run = check("powers")
    only(run, f"{FILES}/另一个.pdf:1:1: error: {FILES}/另一个.pdf 是符号链接；附件须是普通文件",
         f"{at(f, SAMPLE_LINE, SAMPLE)}: error: service.result.sample: {FILES}/{SAMPLE} 是符号链接")


def test_a_linked_folder_is_refused(project: Path, check, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.move(project / FILES, outside)
    (project / FILES).symlink_to(outside, target_is_directory=True)
    run = check("powers")
    assert f"{FILES}:1:1: error: {FILES} 是符号链接" in run.out and run.code == 1, run.out
    assert "Traceback" not in run.out


def test_the_files_folder_itself_may_not_be_a_link(project: Path, check, tmp_path: Path) -> None:
    shutil.move(project / "powers/files", tmp_path / "files")
    (project / "powers/files").symlink_to(tmp_path / "files", target_is_directory=True)
    run = check("powers")
    assert "powers/files:1:1: error: powers/files 是符号链接" in run.out and run.code == 1, run.out


def test_a_pipe_or_folder_is_refused_without_waiting(project: Path, check) -> None:
    target = project / FILES / SAMPLE
    target.unlink()
    os.mkfifo(target)  # opening it for reading would block forever
    (project / FILES / "子文件夹").mkdir()
    f = project / TECH
    run = check("powers")
    only(run, f"{FILES}/子文件夹:1:1: error: {FILES}/子文件夹 是文件夹；附件直接放在 powers/files/<事项标识>/ 中",
         f"{at(f, SAMPLE_LINE, SAMPLE)}: error: service.result.sample: {FILES}/{SAMPLE} 不是普通文件")


def test_a_file_over_the_limit_is_refused_unread(project: Path, check) -> None:
    big = project / FILES / SAMPLE
    with big.open("r+b") as fh:
        fh.truncate(10 * 1024 * 1024 + 1)  # sparse: 10 MB and a byte, the default limit and one more
    f = project / TECH
    run = check("powers")
    only(run, f"{at(f, SAMPLE_LINE, SAMPLE)}: error: service.result.sample: 文件 {FILES}/{SAMPLE} 大小 10.0 MB，"
              "超过上限 10.0 MB [PL353]")


def test_the_limit_is_set_per_site(project: Path, check) -> None:
    edit(project / "powers/_site.yaml", "promise: 最多跑一次", "promise: 最多跑一次\nmax_attachment_bytes: 20480")
    f = project / TECH
    run = check("powers")
    size = (project / FILES / SAMPLE).stat().st_size
    assert f"{at(f, SAMPLE_LINE, SAMPLE)}: error: service.result.sample: 文件 {FILES}/{SAMPLE} " \
           f"大小 {size / 1024:.1f} KB，超过上限 20.0 KB [PL353]" in run.out, run.out
    over = [q for q in (project / "powers/files").glob("*/*") if q.stat().st_size > 20480]
    assert run.code == 1 and len(diags(run)) == len(over) == 6  # every PDF; the 6 KB xlsx is under the limit
    assert all(ln.endswith("[PL353]") for ln in diags(run))


@pytest.mark.parametrize("name,content,message", [
    (SAMPLE, b"<html><script>alert(1)</script></html>", "的内容不是PDF 文件（扩展名为 .pdf）"),
    (SAMPLE, PNG, "的内容不是PDF 文件"),
    (SAMPLE, b"", "是空文件"),
    (FORM, PDF, "的内容不是Excel 工作簿（扩展名为 .xlsx）"),
    (FORM, b"PK\x03\x04 not really a zip", "的内容不是Excel 工作簿"),
    (FORM, docx(), "的内容不是Excel 工作簿"),  # a Word file named .xlsx
    (FORM, ole("WordDocument"), "的内容不是Excel 工作簿"),  # an old Word file named .xlsx
])
def test_content_is_told_by_its_bytes_not_its_name(project: Path, check, name: str, content: bytes, message: str) -> None:
    (project / FILES / name).write_bytes(content)
    run = check("powers")
    errors = [ln for ln in diags(run) if ": error: " in ln]
    assert len(errors) == 1 and message in errors[0] and errors[0].endswith("[PL354]"), run.out
    assert run.code == 1 and "Traceback" not in run.out


@pytest.mark.parametrize("name,content,kind", [
    ("申请表.docx", docx("word/vbaProject.bin"), "Word 文档"),
    ("申请表.doc", ole("WordDocument", "Macros"), "Word 文档"),
    ("申请表.xls", ole("Workbook", "_VBA_PROJECT_CUR"), "Excel 工作簿"),
])
def test_word_and_excel_files_with_macros_are_refused(project: Path, check, name: str, content: bytes, kind: str) -> None:
    f = edit(project / TECH, FORM_LINE, f"      blank_form: {name}")
    (project / FILES / FORM).unlink()
    (project / FILES / name).write_bytes(content)
    run = check("powers")
    only(run, f"{at(f, 'blank_form: ' + name, name)}: error: service.materials[3].blank_form: "
              f"文件 {FILES}/{name} 含有宏（VBA），不能发布；请另存为不含宏的{kind} [PL354]")


def test_real_word_ofd_png_and_jpeg_files_pass(project: Path, check) -> None:
    ofd = io.BytesIO()
    with zipfile.ZipFile(ofd, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
    files = {"a.docx": docx(), "b.ofd": ofd.getvalue(), "c.png": PNG, "d.JPEG": b"\xff\xd8\xff\xe0" + b"\0" * 20,
             "e.doc": ole("WordDocument", "1Table", text="关于 Macros 和 _VBA_PROJECT 的说明"),  # text is not a stream
             "f.xls": ole("Workbook")}
    for name, data in files.items():
        (project / FILES / name).write_bytes(data)
    edit(project / TECH, FORM_LINE, FORM_LINE + "\n      sample: a.docx")
    lines = "".join(f"\n    - name: 材料{i}\n      form: 纸质\n      copies: 1\n      blank_form: {n}" for i, n in enumerate(files))
    edit(project / TECH, "  materials:", "  materials:" + lines)
    run = check("powers")
    only(run, code=0)


def test_a_file_nothing_references_is_a_warning_and_is_not_published(project: Path, check) -> None:
    (project / FILES / "草稿.pdf").write_bytes(PDF)
    (project / FILES / "\u202egpj.exe").write_bytes(b"MZ")  # named to look like exe.jpg: shown escaped
    (project / FILES / ".gitkeep").write_bytes(b"")  # hidden files: not attachments
    run = check("powers")
    only(run, f"{FILES}/\\u202egpj.exe:1:1: warning: 此文件没有被事项 jishu-hetong-dengji 引用，不会发布",
         f"{FILES}/草稿.pdf:1:1: warning: 此文件没有被事项 jishu-hetong-dengji 引用，不会发布；"
         "请在 jishu-hetong-dengji.yaml 中引用它，或删除它 [PL355]", code=0)
    assert "\u202e" not in run.out


def test_a_folder_of_no_item_is_an_error(project: Path, check) -> None:
    (project / "powers/files/jishu-hetong-dengjj").mkdir()
    (project / "powers/files/jishu-hetong-dengjj/表.pdf").write_bytes(PDF)
    (project / "powers/files/说明.pdf").write_bytes(PDF)  # not in an item's folder
    run = check("powers")
    only(run, "powers/files/jishu-hetong-dengjj:1:1: error: 文件夹 powers/files/jishu-hetong-dengjj/ 不对应任何事项；"
              "是否要写 jishu-hetong-dengji？ [PL356]",
         "powers/files/说明.pdf:1:1: error: powers/files/说明.pdf 直接放在了 powers/files/ 中")


def test_a_file_saved_with_decomposed_unicode_is_found(project: Path, check) -> None:
    """macOS writes file names decomposed (NFD): the name the item writes still finds it."""
    name = "申请表（示例）é.pdf"
    (project / FILES / unicodedata.normalize("NFD", name)).write_bytes(PDF)
    edit(project / TECH, FORM_LINE, FORM_LINE + f"\n      sample: {unicodedata.normalize('NFC', name)}")
    run = check("powers")
    only(run, code=0)


def test_every_problem_is_reported_at_once(project: Path, check) -> None:
    f = edit(project / TECH, SAMPLE_LINE, "    sample: ../样本.pdf")
    edit(f, FORM_LINE, "      blank_form: 不存在.xlsx")
    (project / FILES / EXAMPLE).write_bytes(b"GIF89a")
    (project / "powers/files/no-such-item").mkdir()
    run = check("powers")
    rules = sorted(DIAG.match(ln)["rule"] for ln in diags(run))
    assert rules == ["PL350", "PL351", "PL354", "PL355", "PL355", "PL356"], run.out
    assert run.code == 1


def test_an_invalid_item_does_not_orphan_its_files(project: Path, check) -> None:
    edit(project / TECH, "type: 行政确认", "type: [")
    run = check("powers")
    assert all(DIAG.match(ln)["rule"] == "PL105" for ln in diags(run)), run.out


# --- publishing ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with a form whose name needs escaping in a URL and in HTML."""
    project = copy_project(tmp_path_factory.mktemp("attached"))
    (project / FILES / ODD).write_bytes(PDF)
    edit(project / TECH, FORM_LINE, FORM_LINE + f"\n      sample: \"{ODD}\"")
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    return project


@pytest.fixture(scope="module")
def served(built: Path):
    """The built site over HTTP (a download attribute needs an origin)."""
    import functools
    import http.server
    import threading

    from test_site import _QuietHandler

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _attached(project: Path) -> dict[str, Path]:
    return {f"items/{p.parent.name}/files/{p.name}": p for p in sorted((project / "powers/files").glob("*/*"))}


def test_every_attachment_is_published_byte_for_byte(built: Path) -> None:
    files = _attached(built)
    assert len(files) == 8
    for path, source in files.items():
        assert (built / "site" / path).read_bytes() == source.read_bytes(), path


def test_the_item_page_links_each_file_with_its_type_and_size(browser, built: Path, served: str) -> None:
    site = built / "site"
    v = Visit(browser, served, TECH_PAGE)
    links = v.page.locator("h2#materials + .pl-block a[download]")
    assert links.all_inner_texts() == ["空白表格", "示例样表", "示例样表"]
    cells = v.page.locator("h2#materials + .pl-block td[data-label='表格下载']").all_inner_texts()
    kb = {p.name: f"{p.stat().st_size / 1024:.1f} KB" for p in (site / TECH_PAGE / "files").iterdir()}
    assert cells == ["—", "—", "—", f"空白表格（Excel，{kb[FORM]}）\n示例样表（PDF，{kb[ODD]}）",
                     f"示例样表（PDF，{kb[EXAMPLE]}）", "—"]
    result = v.page.locator("h2#result + .pl-block tr", has_text="结果样本")
    size = (site / TECH_PAGE / "files" / SAMPLE).stat().st_size
    assert result.locator("td").inner_text() == f"样本（PDF，{size / 1024:.1f} KB）"
    for link in [*links.all(), result.locator("a")]:
        href = link.get_attribute("href")
        assert href.startswith("files/") and "#" not in href and "'" not in href and " " not in href
        with v.page.expect_download() as info:
            link.click()
        name = unquote(href.removeprefix("files/"))
        assert info.value.suggested_filename == name
        assert Path(info.value.path()).read_bytes() == (site / TECH_PAGE / "files" / name).read_bytes()
    assert v.errors == [] and v.dialogs == []
    v.page.close()


def test_the_downloads_page_lists_the_files_by_item(browser, built: Path, served: str) -> None:
    files = _attached(built)
    v = Visit(browser, served, "downloads/")
    groups = v.page.locator(".pl-documents h3")
    assert groups.count() == len({p.parent.name for p in files.values()}) == 5
    assert "技术合同认定登记" in groups.all_inner_texts()
    tech = v.page.locator(".pl-documents h3:has-text('技术合同认定登记') + .pl-scroll tbody tr")
    assert tech.locator("td[data-label='用途']").all_inner_texts() == [
        "空白表格：技术性收入核定表", "示例样表：技术性收入核定表", "示例样表：法人授权证明", "结果样本：技术合同登记证明"]
    rows = v.page.locator(".pl-documents tbody tr")
    assert rows.count() == len(files)
    for i in range(rows.count()):
        row = rows.nth(i)
        with v.page.expect_download() as info:
            row.locator("a").click()
        data = Path(info.value.path()).read_bytes()
        name = row.locator("a").inner_text()
        assert info.value.suggested_filename == name
        assert data == next(p for p in files.values() if p.name == name).read_bytes()
        assert row.locator("td[data-label='大小']").inner_text() == f"{len(data) / 1024:.1f} KB"
    v.page.close()


def test_an_attachment_error_publishes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert mkdocs_build(project).returncode == 0
    before = tree_digest(project / "site")
    (project / FILES / SAMPLE).write_bytes(b"<svg onload=alert(1)>")
    proc = mkdocs_build(project)
    assert proc.returncode == 1
    assert "权责清单检查未通过" in proc.stderr and "[PL354]" in proc.stderr and "Traceback" not in proc.stderr
    assert tree_digest(project / "site") == before


# --- 在线办理, 在线预约, 进度查询 -----------------------------------------------------------

def test_the_buttons_show_where_their_addresses_are_set(browser, served: str) -> None:
    v = Visit(browser, served, TECH_PAGE)
    buttons = v.page.locator(".pl-summary .pl-actions a")
    assert buttons.all_inner_texts() == ["在线办理", "在线预约", "进度查询"]
    assert [b.get_attribute("href") for b in buttons.all()] == [
        "https://www.ctex.cn/", "https://www.hnzwfw.gov.cn/", "https://www.ctex.cn/"]
    v.page.close()
    v = Visit(browser, served, "items/gaoxin-qiye-tuijian/")  # online only
    assert v.page.locator(".pl-summary .pl-actions a").all_inner_texts() == ["在线办理"]
    v.page.close()
    v = Visit(browser, served, "items/keji-jihua-xiangmu-jiancha/")  # no guide: no buttons
    assert v.page.locator(".pl-summary .pl-actions").count() == 0
    v.page.close()


def test_the_links_are_in_the_structured_data(built: Path) -> None:
    import json

    page = (built / "site" / TECH_PAGE / "index.html").read_text(encoding="utf-8")
    doc = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert [c.get("serviceUrl") for c in doc["availableChannel"]] == [
        "https://www.ctex.cn/", "https://www.hnzwfw.gov.cn/", "https://www.ctex.cn/"]
    cpsv = (built / "site" / TECH_PAGE / "service.jsonld").read_text(encoding="utf-8")
    assert "网上预约：https://www.hnzwfw.gov.cn/" in cpsv and "办理进度查询：https://www.ctex.cn/" in cpsv


@pytest.mark.parametrize("key", ["appointment", "progress"])
def test_a_button_address_must_be_http(project: Path, check, key: str) -> None:
    line = {"appointment": "    appointment: https://www.hnzwfw.gov.cn/", "progress": "    progress: https://www.ctex.cn/"}[key]
    f = edit(project / TECH, line, f"    {key}: javascript:alert(1)")
    run = check("powers")
    only(run, f"{at(f, key + ': javascript', 'javascript')}: error: service.channels.{key}: 网址只接受以 http:// 或 https:// 开头")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", [TECH_PAGE, "downloads/"])
def test_no_accessibility_violation_at_all(browser, served: str, path: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    v = Visit(browser, served, path, width)
    result = Axe().run(v.page)
    assert [(x["id"], x["impact"], len(x["nodes"])) for x in result.response["violations"]] == []
    v.page.close()


# --- active content found however it is named (issue 21) -----------------------------------

VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def opc(main: str, *, types: str = "", rels: str = "", parts: dict[str, bytes] | None = None,
        main_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") -> bytes:
    """An OPC package (docx or xlsx) with its main part, extra content types,
    relationships from the main part, and extra parts."""
    out = io.BytesIO()
    folder, _, name = main.rpartition("/")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/{main}" ContentType="{main_type}"/>{types}</Types>')
        z.writestr(main, "<x/>")
        z.writestr(f"{folder}/_rels/{name}.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f"{rels}</Relationships>")
        for part, data in (parts or {}).items():
            z.writestr(part, data)
    return out.getvalue()


OLE_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _macro_workbook(**kw) -> bytes:
    from benchmarks.hostile.reading import macro_xlsx
    import tempfile
    path = Path(tempfile.mkdtemp()) / "m.xlsx"
    return macro_xlsx(path, **kw).read_bytes()


@pytest.mark.parametrize("name,content,variant", [
    # a VBA part named in capitals, declared in [Content_Types].xml
    ("申请表.xlsx", lambda: _macro_workbook(part="xl/VBAPROJECT.BIN"), "macro"),
    # a VBA part under an innocent name, declared by an Override
    ("申请表.xlsx", lambda: _macro_workbook(part="xl/media/image1.png"), "macro"),
    # … or only related from the workbook
    ("申请表.xlsx", lambda: _macro_workbook(part="xl/styles2.dat", declared=False, related=True), "macro"),
    # … or declared by a Default for its extension
    ("申请表.docx", lambda: opc("word/document.xml", types=f'<Default Extension="dat" ContentType="{VBA_TYPE}"/>',
                                parts={"word/x.dat": OLE_BYTES}), "macro"),
    # a macro-enabled document (.docm) saved under .docx
    ("申请表.docx", lambda: opc("word/document.xml",
                                main_type="application/vnd.ms-word.document.macroEnabled.main+xml"), "macro"),
    # an Excel 4.0 macro sheet
    ("申请表.xlsx", lambda: opc("xl/workbook.xml", main_type="application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet.main+xml", rels='<Relationship Id="r1" Type="http://schemas.'
                                'microsoft.com/office/2006/relationships/xlMacrosheet" Target="m/s.xml"/>',
                                parts={"xl/m/s.xml": b"<x/>"}), "macro"),
    # names in another case: the part names of OPC are case-insensitive
    ("申请表.docx", lambda: opc("WORD/DOCUMENT.XML", rels=f'<Relationship Id="r1" Type="{VBA_REL.upper()}" '
                                'Target="A.BIN"/>', parts={"WORD/A.BIN": OLE_BYTES}), "macro"),
    # an ActiveX control, an embedded OLE object
    ("申请表.docx", lambda: opc("word/document.xml", types='<Override PartName="/word/c/x1.xml" '
                                'ContentType="application/vnd.ms-office.activeX+xml"/>', parts={"word/c/x1.xml": b"<x/>"}),
     "active"),
    ("申请表.docx", lambda: opc("word/document.xml", rels='<Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                                'officeDocument/2006/relationships/oleObject" Target="e/o1.bin"/>',
                                parts={"word/e/o1.bin": OLE_BYTES}), "active"),
    # an old Excel file whose VBA storage is named in small letters
    ("申请表.xls", lambda: ole("Workbook", "_vba_project_cur"), "macro"),
], ids=["vba-capitals", "vba-as-png", "vba-related-only", "vba-default-type", "docm-as-docx", "xlm-macrosheet",
        "names-in-capitals", "activex", "ole-object", "xls-vba-small-letters"])
def test_active_content_is_found_however_it_is_named(project: Path, check, name: str, content, variant: str) -> None:
    f = edit(project / TECH, FORM_LINE, f"      blank_form: {name}")
    (project / FILES / FORM).unlink()
    (project / FILES / name).write_bytes(content())
    run = check("powers")
    kind = "Word 文档" if name.endswith(".docx") else "Excel 工作簿"
    what = ("含有宏（VBA），不能发布；请另存为不含宏的" if variant == "macro"
            else "含有 ActiveX 控件或嵌入的 OLE 对象（打开时可能运行其中的程序），不能发布；请删除这些控件或对象后另存为")
    only(run, f"{at(f, 'blank_form: ' + name, name)}: error: service.materials[3].blank_form: "
              f"文件 {FILES}/{name} {what}{kind} [PL354]")


def test_a_plain_package_with_the_same_parts_passes(project: Path, check) -> None:
    """The same kind of package without active content: no false alarm from the reading of its types and relations."""
    edit(project / TECH, FORM_LINE, "      blank_form: 申请表.docx")
    (project / FILES / FORM).unlink()
    (project / FILES / "申请表.docx").write_bytes(opc(
        "word/document.xml", rels='<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/>', parts={"word/styles.xml": b"<x/>"}))
    run = check("powers")
    assert run.code == 0, run.out


def test_an_attachment_inflating_past_the_bound_is_refused(project: Path, check) -> None:
    from benchmarks.hostile.reading import inflating_xlsx
    f = edit(project / TECH, FORM_LINE, "      blank_form: 炸弹.xlsx")
    (project / FILES / FORM).unlink()
    bomb = inflating_xlsx(project / FILES / "炸弹.xlsx", gib=0.125)  # 128 MiB of zeros in about 130 KB
    assert bomb.stat().st_size < 200_000
    run = check("powers")
    only(run, f"{at(f, 'blank_form: 炸弹.xlsx', '炸弹.xlsx')}: error: service.materials[3].blank_form: "
              f"文件 {FILES}/炸弹.xlsx 解压后超过 100.0 MB，不是正常的Excel 工作簿，不能发布")
