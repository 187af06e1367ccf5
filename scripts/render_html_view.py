"""Render the notebook view of an audit to a PNG with headless Chromium (docs/images/audit-html-view.png).

Usage: python scripts/render_html_view.py [OUT.png]   (needs ``chromium`` on PATH)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import perfeval


def main(out: Path) -> None:
    out = out.resolve()
    path = perfeval.example_paths()[21]
    os.chdir(path.parent.parent)  # name the file as --example does: yunnan-2023/22-….json
    [table] = perfeval.load(Path(path.parent.name, path.name))
    head = "<!doctype html><meta charset=utf-8><body style='font-family:sans-serif'>"
    page = head + perfeval.audit(table)._repr_html_()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        sys.exit("chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "audit.html"
        html.write_text(page, encoding="utf-8")
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,940",
             f"--screenshot={out.resolve()}", html.as_uri()],
            check=True,
            capture_output=True,
        )  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images/audit-html-view.png"))
