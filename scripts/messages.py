"""Keep the UI's message catalogs in step with the templates.

    scripts/messages          # add new texts to every catalog, mark gone ones obsolete, list what is untranslated

Texts come from the templates (`_()`, `ngettext()`), from the Python modules babel.cfg names, and
from the data model's closed vocabularies (`site.render.vocabulary()`). The
source language is Chinese: msgids are the Chinese texts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "src/powerlist/locale"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def template() -> Catalog:
    """Every message the public UI can show."""
    from powerlist.site.render import vocabulary

    cat = Catalog(project="powerlist", locale=None)
    method_map, options_map = parse_mapping_cfg((ROOT / "babel.cfg").open(encoding="utf-8"))
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        cat.add(message, flags=("python-format",) if "%(" in str(message) else ())
    for term in vocabulary():
        cat.add(term)
    return cat


def untranslated(catalog: Catalog) -> list[str]:
    out = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
        if not all(strings):
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return out


def main() -> int:
    pot = template()
    status = 0
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/powerlist.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parts[-3])
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with po.open("wb") as f:
            write_po(f, catalog, sort_output=True, no_location=True, width=0, ignore_obsolete=True)
        missing = untranslated(catalog)
        print(f"{po.relative_to(ROOT)}: {len(catalog)} texts, {len(missing)} untranslated")
        for text in missing:
            print(f"  {text}")
        status |= bool(missing)
    return status


if __name__ == "__main__":
    sys.exit(main())
