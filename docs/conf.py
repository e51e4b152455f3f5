"""Sphinx configuration for the parlib documentation (MyST Markdown + autodoc)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # document the working tree even without an install

project = "parlib"
author = "parlib developers"
copyright = "parlib developers"

try:
    from importlib.metadata import version as _version

    release = _version("parlib")
except Exception:  # noqa: BLE001  (an uninstalled tree still builds)
    release = "0.0.0"
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# MyST: fenced directives, ``:::`` blocks, definition lists, heading anchors for links.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc: members in source order, signatures without the type noise in the title.
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options: dict[str, object] = {}

# napoleon: Google-style sections where docstrings use them.
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# intersphinx needs no network: no mapping, so no inventory is fetched.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

html_theme = "alabaster"
html_title = f"parlib {release}"
html_static_path: list[str] = []
