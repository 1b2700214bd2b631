"""The base of every data model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Base of every data model: unknown keys are errors, values immutable,
    and no value changes its type on the way in (strict): `yes` is no count,
    `1` is no true, `"2"` is no number."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True)
