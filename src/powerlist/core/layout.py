"""Where a list's files are, in one place: the folders beside `powers/`
(`flows/`, `changes/`, `docs/`), the site file, which files are items, and
how a path is shown to staff."""

from __future__ import annotations

import os
import re
from pathlib import Path

SITE_FILE = "_site.yaml"
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
YAML_SUFFIXES = (".yaml", ".yml")
FILES_DIR = "files"  # powers/files/: the items' attached files, not item files (item_files skips it)


def flows_dir(powers: Path) -> Path:
    """The flow templates' folder: beside powers/."""
    return powers.parent / "flows"


def changes_dir(powers: Path) -> Path:
    """The adjustment notices' folder: beside powers/."""
    return powers.parent / "changes"


def docs_dir(powers: Path) -> Path:
    """The site's own pages and files (the site configuration names some): beside powers/."""
    return powers.parent / "docs"


def display_path(path: Path) -> str:
    """Paths as staff see them in the repository: relative, with slashes."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = str(path)
    if rel.startswith(".."):
        rel = str(path)
    return rel.replace(os.sep, "/")


def item_files(powers_dir: Path) -> list[Path]:
    """Every item file under `powers_dir`, subfolders (one per 科室, say)
    included, and everything that poses as one: links (to files or folders,
    never followed) and non-regular files named `*.yaml`, which loading
    refuses without opening. `_`-prefixed files (`_site.yaml`) are not items."""
    found: list[Path] = []
    todo = [powers_dir]
    while todo:
        folder = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            if folder != powers_dir:
                found.append(Path(folder))  # vanished or unreadable: reported when read
            continue
        for entry in entries:
            if folder == powers_dir and entry.name == FILES_DIR:
                continue  # the items' attached files: see attachments.check
            path = Path(entry.path)
            is_yaml = path.suffix in YAML_SUFFIXES
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
            except OSError:
                is_link = is_dir = False
            if is_link or (is_yaml and is_dir):
                found.append(path)
            elif is_dir:
                todo.append(path)
            elif is_yaml and not entry.name.startswith("_"):
                found.append(path)
    return sorted(found)


def yaml_in(folder: Path) -> list[Path]:
    """Every file named `*.yaml` in `folder` (no subfolders), links and
    non-regular files included: loading refuses those without opening them."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(Path(e.path) for e in entries if Path(e.name).suffix in YAML_SUFFIXES)


def template_files(flows_dir: Path) -> list[Path]:
    """Every template file in `flows_dir` (see `yaml_in`)."""
    return yaml_in(flows_dir)
