"""The one place where data becomes markup: a Jinja environment with
autoescape on, loading a site's own templates before the package's.

    Templates(site_dir="overrides/powerlist").render(["item-xk.html", "item.html"], ...)

tries the names in order (specific first) in the site's folder, then in the
package. Nothing rendered here is ever marked safe: the only markup that
passes through unescaped is what the templates themselves write.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


class Templates:
    def __init__(self, site_dir: str | Path | None = None) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if site_dir is not None and Path(site_dir).is_dir():
            loaders.append(jinja2.FileSystemLoader(str(site_dir)))
        loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,  # every {{ value }} is HTML-escaped: the single escaping boundary
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )

    def render(self, names: list[str], **context) -> str:
        """Render the first of `names` that exists; blank lines are dropped so
        that nothing a theme does with the body can see a paragraph break."""
        html = self.env.select_template(names).render(**context)
        return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"
