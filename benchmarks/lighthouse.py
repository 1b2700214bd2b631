"""Lighthouse (npm, run offline once installed) on a built site, as a phone
sees it: mobile form factor, simulated slow 4G, the site served over local
HTTP with gzip as a static host (GitHub Pages) sends it.

    python -m benchmarks.lighthouse SITE_DIR [PATH ...]

prints the four scores of each page and what decides performance (LCP, TBT,
CLS, bytes). `scripts/bench --only lighthouse` builds the example and a
generated list first (see run.py). Not part of the test suite: one page
takes 15-30 s of a busy 2-core machine and the simulated timings move with
its load, so a score threshold there would fail on a busy day, not on a
change.
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / ".cache/lighthouse"
VERSION = "13.5.0"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".jsonld", ".bpmn", "/")


def install() -> Path:
    """The lighthouse command, installed from npm into .cache/lighthouse the first time."""
    cmd = NODE / "node_modules/.bin/lighthouse"
    if not cmd.exists():
        if shutil.which("npm") is None:
            raise RuntimeError("npm is not installed: Lighthouse cannot be installed")
        NODE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(NODE),
                        f"lighthouse@{VERSION}"], check=True, stdout=subprocess.DEVNULL)
    return cmd


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """The site over HTTP on the loopback, text files gzip-compressed."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(site), **kw)

        def log_message(self, *args) -> None:
            pass

        def send_head(self):
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                if not self.path.split("?")[0].endswith("/"):
                    return super().send_head()  # the redirect to the folder
                path = os.path.join(path, "index.html")
            if not (path.endswith(TEXT) and os.path.isfile(path)
                    and "gzip" in self.headers.get("Accept-Encoding", "")):
                return super().send_head()
            body = gzip.compress(Path(path).read_bytes(), 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            import io

            return io.BytesIO(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def run(url: str, cmd: Path | None = None) -> dict:
    """One Lighthouse run of one page: its scores (0-100) and key numbers."""
    cmd = cmd or install()
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="powerlist-lh-") as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run([str(cmd), url, "--quiet", "--output=json", f"--output-path={out}",
                               f"--only-categories={','.join(CATEGORIES)}",
                               f"--chrome-flags=--headless=new --no-sandbox --disable-gpu --user-data-dir={tmp}/profile"],
                              env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    failed = sorted(a["id"] for c in CATEGORIES if c != "performance" for ref in report["categories"][c]["auditRefs"]
                    if ref["weight"] > 0 and (a := audits[ref["id"]])["score"] is not None and a["score"] < 1)
    return {
        "scores": {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES},
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "failed": failed,
    }


def report(label: str, r: dict) -> str:
    s = r["scores"]
    line = (f"  {label}: performance {s['performance']}, accessibility {s['accessibility']}, best practices "
            f"{s['best-practices']}, SEO {s['seo']} (targets ≥ 95, 100, 100, 100); LCP {r['lcp_ms'] / 1000:.1f} s, "
            f"FCP {r['fcp_ms'] / 1000:.1f} s, TBT {r['tbt_ms']:.0f} ms, CLS {r['cls']:.3f}, {r['bytes'] / 1024:.0f} KB")
    return line + (f"; failing: {', '.join(r['failed'])}" if r["failed"] else "")


def main(argv: list[str]) -> int:
    site, paths = Path(argv[0]), argv[1:] or ["", "list/"]
    server, origin = serve(site)
    try:
        for path in paths:
            print(report(path or "/", run(origin + path)), flush=True)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
