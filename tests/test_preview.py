"""The pull request's site preview, as staff open it: downloaded, unzipped
and opened from disk (file://), where a link to a folder shows a file
listing instead of the page. The check workflow builds it with MkDocs'
`--no-directory-urls`; every link then names a file."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from test_site import copy_project
from test_workflow import runs, workflow


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("preview"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--no-directory-urls", "-d", "site"],
                          cwd=project, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return project / "site"


def test_the_check_workflow_builds_the_preview_with_links_to_files() -> None:
    check = workflow("check.yml")["jobs"]["check"]
    assert "--no-directory-urls" in runs(check)


def test_every_link_of_the_preview_names_a_file_that_is_there(preview: Path) -> None:
    missing: dict[str, str] = {}
    for page in preview.rglob("*.html"):
        if page.name == "404.html":  # served by the host at any depth: its links start at the site's root
            continue
        for m in re.finditer(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            url = html.unescape(m.group(1))
            if url.startswith(("#", "http:", "https:", "mailto:", "tel:", "data:")):
                continue
            path = unquote(urlsplit(url).path)
            if path and not (page.parent / path).is_file():
                missing.setdefault(url, str(page.relative_to(preview)))
    assert missing == {}


def test_the_preview_opened_from_disk_can_be_browsed(browser, preview: Path) -> None:
    page = browser.new_page()
    try:
        page.goto((preview / "index.html").as_uri())
        page.locator(".md-sidebar--primary a.md-nav__link", has_text="权责清单").first.click()
        assert page.url.endswith("/list/index.html")
        # a result the browser draws from the search index, then its page
        page.fill("#pl-q", "技术合同")
        page.wait_for_selector("table.pl-list tbody a:text-is('技术合同认定登记')")
        page.click("table.pl-list tbody a:text-is('技术合同认定登记')")
        assert page.url.endswith("/items/jishu-hetong-dengji/index.html")
        assert page.inner_text("h1") == "技术合同认定登记"
        # the footer's links, made relative per page
        page.click("footer a:text-is('联系我们')")
        assert page.url.endswith("/supervision/index.html")
        assert "监督" in page.inner_text("h1")
    finally:
        page.close()
