"""JSON Schemas of the YAML files, generated from the models, so editors
(VS Code with the YAML extension) complete and explain every field."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from ..core.bodies import BodyConfig
from ..core.flow.model import FlowTemplate
from ..core.models import Notice, PowerItem, Site

SCHEMAS: dict[str, type[BaseModel]] = {
    "power-item.schema.json": PowerItem,
    "site.schema.json": Site,
    "flow-template.schema.json": FlowTemplate,
    "notice.schema.json": Notice,
    "body.schema.json": BodyConfig,
}
SCHEMA_DIR = Path("docs/schema")


def render(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = out_dir / name
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written
