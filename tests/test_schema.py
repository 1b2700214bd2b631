"""The committed JSON Schemas match the models, and every data file points
its editor at the right one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from powerlist.core.layout import item_files
from powerlist.outputs.schemagen import SCHEMAS, render


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_in_sync(name: str) -> None:
    committed = (ROOT / "docs/schema" / name).read_text(encoding="utf-8")
    assert committed == render(SCHEMAS[name]), f"run: powerlist schema  (docs/schema/{name} is stale)"


def test_schema_titles_are_chinese() -> None:
    schema = json.loads(render(SCHEMAS["power-item.schema.json"]))
    props = schema["properties"]
    assert props["name"]["title"] == "事项名称"
    assert props["service"]["anyOf"][0]["$ref"] == "#/$defs/Service"
    assert schema["$defs"]["Service"]["title"] == "办事指南"
    promised = schema["$defs"]["TimeLimit"]["properties"]["promised"]
    assert "10 个工作日" in promised["examples"] and promised["pattern"]


def _first_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize("path", item_files(ROOT / "powers"), ids=lambda p: p.name)
def test_item_files_reference_the_item_schema(path: Path) -> None:
    assert _first_line(path) == "# yaml-language-server: $schema=../docs/schema/power-item.schema.json"


def test_site_and_flow_files_reference_their_schema() -> None:
    assert _first_line(ROOT / "powers/_site.yaml").endswith("$schema=../docs/schema/site.schema.json")
    for path in sorted((ROOT / "flows").glob("*.yaml")):
        assert _first_line(path).endswith("$schema=../docs/schema/flow-template.schema.json"), path
    notices = sorted((ROOT / "changes").glob("*.yaml"))
    assert notices
    for path in notices:
        assert _first_line(path).endswith("$schema=../docs/schema/notice.schema.json"), path
