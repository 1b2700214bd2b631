"""Where a shown fact comes from: the item states it, it is inherited from
a named flow template (or the site configuration), a rule derives it, or
no source states it. Computed once where facts are assembled (a template
flow knows which of its fields the item wrote, see `flow.expand`), carried
by the view model, worded by the reader (pages, exports).

>>> p = Provenance(Said.INHERITED, "依申请办理", ("受理", "决定"))
>>> p.inherited, p.said.value, p.fields
(True, 'inherited', ('受理', '决定'))
>>> STATED.inherited, STATED.said.value
(False, 'stated')
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Said(enum.Enum):
    STATED = "stated"  # written in the item's own file
    INHERITED = "inherited"  # taken from a named flow template or the site configuration
    DERIVED = "derived"  # computed by a rule from other facts
    UNSTATED = "unstated"  # no source states it (未载明)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who says a fact. `source` names the template (or the site
    configuration) an inherited fact comes from; `fields` names, in
    words a reader knows (a step's stage, else its label), what was
    inherited."""

    said: Said
    source: str | None = None
    fields: tuple[str, ...] = ()

    @property
    def inherited(self) -> bool:
        return self.said is Said.INHERITED

    def as_dict(self) -> dict[str, str | list[str]]:
        """For the machine-readable exports (JSON, XLSX)."""
        return {"said": self.said.value, **({"source": self.source} if self.source else {}),
                **({"fields": list(self.fields)} if self.fields else {})}


STATED = Provenance(Said.STATED)
DERIVED = Provenance(Said.DERIVED)
UNSTATED = Provenance(Said.UNSTATED)
