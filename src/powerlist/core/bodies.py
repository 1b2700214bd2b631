"""One list, many departments: the bodies (部门) whose items a list holds.

A list belongs to one government (`_site.yaml`: its `authority`, region and
level). A folder `powers/<body id>/` with a `_body.yaml` is a body: every
item file under it (subfolders included) is that body's. Items outside any
body folder belong to the site's own authority, as in a list of one
department, which needs no `_body.yaml` at all.

What a body does not say falls back to the government's only where the
government's fact truly applies to the body:

- `region`, `region_code`: a department of the government is in its region;
- `units`, `lanes`: a body that lists none is checked against the site's;
- `supervision` field by field (`phone`, `hotline`, `complaint_url`,
  `evaluation_url`, `channels`): the government's supervision channels take
  complaints about every one of its bodies; `hours` falls back only with the
  phone it describes (a body's own phone never gets the government's hours).

Never falling back: the name, full name, kind, credit code, address, website
and the consultation phone, which are one body's own.

>>> kind_of("法定机关"), kind_of("授权组织"), kind_of("受委托组织")
('行政机关', '法律法规授权组织', '受委托组织')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Container, Literal, Mapping, Protocol

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints

from .base import Model
from .models import Phone, ShortText, Subject, Supervision, Text, Url

if TYPE_CHECKING:
    from .models import PowerItem, Site

BODY_FILE = "_body.yaml"
OWN = ""  # the body id of the site's own authority: items outside any body folder
OWN_SLUG = "_self"  # its pages and files, where a body's id would be (never a valid id)

# 实施主体性质 as lists write it (法定机关, 授权组织) → the body's kind
_KINDS = {"法定机关": "行政机关", "授权组织": "法律法规授权组织", "法律法规授权的组织": "法律法规授权组织",
          "委托组织": "受委托组织"}
# … and back: an item's 实施主体性质 in the list's vocabulary
NATURE_OF_KIND = {"行政机关": "法定机关", "法律法规授权组织": "授权组织", "受委托组织": "受委托组织", "未载明": "未载明"}


def kind_of(value: object) -> object:
    return _KINDS.get(value.strip(), value.strip()) if isinstance(value, str) else value


# 未载明: an imported body whose source does not say what kind of organisation it is
BodyKind = Annotated[Literal["行政机关", "法律法规授权组织", "受委托组织", "未载明"], BeforeValidator(kind_of)]


class BodyConfig(Model):
    """一个部门（实施主体）：powers/<部门标识>/_body.yaml。没写的监督方式用站点配置（本级政府）的。"""

    model_config = ConfigDict(title="部门")

    name: Text = Field(title="部门名称", description="如 市市场监督管理局；页面、流程图和导出都用它")
    full_name: Text | None = Field(None, title="部门全称", description="如 焦作市市场监督管理局")
    kind: BodyKind = Field("行政机关", title="主体性质", description="行政机关、法律法规授权组织或受委托组织")
    credit_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")] | None = Field(
        None, title="统一社会信用代码", description="18 位")
    region: Text | None = Field(None, title="行政区划", description="不写则为站点配置（本级政府）的行政区划")
    region_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{12}$")] | None = Field(
        None, title="区划代码", description="12 位；不写则为本级政府的")
    address: Text | None = Field(None, title="地址")
    website: Url | None = Field(None, title="网站")
    phone: Phone | None = Field(None, title="咨询电话", description="没有办事指南的事项页面显示它；不用本级政府的")
    units: list[ShortText] | None = Field(None, min_length=1, title="内设科室",
                                          description="本部门事项的承办机构只能从这里选；不写则用站点配置的")
    lanes: list[ShortText] | None = Field(None, min_length=1, title="流程岗位",
                                          description="本部门流程图中可用的岗位；不写则用站点配置的")
    supervision: Supervision | None = Field(
        None, title="监督方式",
        description="本部门的监督电话和渠道；没写的一项用站点配置（本级政府）的，受理时间只随监督电话一起沿用")


@dataclass(frozen=True, slots=True)
class Body:
    """A body as its items are shown and checked: its own facts, with the
    government's where they apply (see the module's notes)."""

    id: str  # OWN for the site's own authority
    name: str
    full_name: str | None
    kind: str
    region: str
    region_code: str | None
    credit_code: str | None
    address: str | None
    website: str | None
    phone: str | None  # 咨询电话
    units: tuple[str, ...]
    lanes: tuple[str, ...]
    supervision: Supervision
    file: str | None = None  # its _body.yaml as staff see it; None for the site's own
    config: BodyConfig | None = None  # what its _body.yaml declares (the JSON export gives it back whole)

    @property
    def title(self) -> str:
        return self.full_name or self.name

    @property
    def nature(self) -> str:
        """The kind in the list's 实施主体性质 vocabulary."""
        return NATURE_OF_KIND.get(self.kind, self.kind)

    def names(self) -> tuple[str, ...]:
        return (self.name, self.full_name) if self.full_name else (self.name,)


def body_slug(body: str) -> str:
    """A body's name in URLs and download file names: its id (OWN_SLUG for the site's own)."""
    return body or OWN_SLUG


def modeline(text: str, body: str) -> str:
    """An item file's text with its schema modeline one folder deeper, when it goes in a body's folder."""
    if body == OWN:
        return text
    return text.replace("$schema=../docs/", "$schema=../../docs/", 1)


def own_body(site: "Site") -> Body:
    a = site.authority
    return Body(OWN, a.name, a.full_name, "行政机关", a.region, a.region_code, a.credit_code, a.address, a.website,
                None, tuple(site.units), tuple(site.lanes), site.supervision)


def supervision_of(mine: Supervision | None, government: Supervision) -> Supervision:
    """A body's supervision, field by field its own, else the government's
    (hours only with the phone they describe)."""
    if mine is None:
        return government
    return Supervision(
        phone=mine.phone or government.phone,
        hotline=mine.hotline or government.hotline,
        hours=mine.hours if mine.hours or mine.phone else government.hours,
        channels=list(mine.channels or government.channels),
        complaint_url=mine.complaint_url or government.complaint_url,
        evaluation_url=mine.evaluation_url or government.evaluation_url,
    )


def body_of(ident: str, config: BodyConfig, site: "Site", file: str | None = None) -> Body:
    a = site.authority
    return Body(ident, config.name, config.full_name, config.kind, config.region or a.region,
                config.region_code or (a.region_code if not config.region else None),
                config.credit_code, config.address, config.website, config.phone,
                tuple(config.units) if config.units is not None else tuple(site.units),
                tuple(config.lanes) if config.lanes is not None else tuple(site.lanes),
                supervision_of(config.supervision, site.supervision), file, config)


def foreign_subject(item: "PowerItem", body: Body) -> Subject | None:
    """The item's 实施主体 when it is not its body (an organisation the body
    entrusts, say): its own contacts apply, and its 承办机构 are its own."""
    s = item.subject
    if s is None or s.name in body.names():
        return None
    return s


def body_folders(powers_dir: Path) -> list[tuple[str, Path]]:
    """(folder name, its _body.yaml) of every first-level folder of
    `powers_dir` that declares a body, sorted by name."""
    out: list[tuple[str, Path]] = []
    try:
        entries = sorted(os.scandir(powers_dir), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir and os.path.lexists(os.path.join(entry.path, BODY_FILE)):
            out.append((entry.name, Path(entry.path) / BODY_FILE))
    return out


def nested_body_files(powers_dir: Path) -> list[Path]:
    """`_body.yaml` files deeper than powers/<body id>/: they declare nothing."""
    out: list[Path] = []
    for root, dirs, names in os.walk(powers_dir):
        depth = len(Path(root).relative_to(powers_dir).parts)
        if depth >= 2 and BODY_FILE in names:
            out.append(Path(root) / BODY_FILE)
        dirs.sort()
    return sorted(out)


def body_in(path: Path, powers_dir: Path, bodies: Container[str]) -> str:
    """The body an item file belongs to: the first folder under `powers_dir`
    when that folder declares a body, else the site's own (OWN)."""
    try:
        parts = path.relative_to(powers_dir).parts
    except ValueError:
        return OWN
    return parts[0] if len(parts) > 1 and parts[0] in bodies else OWN


class _WithBodies(Protocol):
    """A catalog (`records.Catalog`, which imports this module), as far as the two below read it."""

    @property
    def bodies(self) -> Mapping[str, Body]: ...


def is_multi(cat: _WithBodies) -> bool:
    """Whether the list holds bodies of its own (a list of one department holds none)."""
    return any(ident for ident in cat.bodies)


def in_body_order(cat: _WithBodies) -> dict[str, int]:
    """Each body's place: the site's own authority first, then the bodies by id."""
    return {ident: i for i, ident in enumerate(sorted(cat.bodies))}
