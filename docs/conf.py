"""Sphinx configuration for the parlib documentation (MyST Markdown + autodoc)."""

from __future__ import annotations

import builtins
import sys
from pathlib import Path
from typing import Any

from sphinx import addnodes

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


def _keep_attribute_prose(  # noqa: PLR0917  (Sphinx passes these six positionally)
    app: object, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """
    Undo napoleon's reading of ``type: text`` on the first line of an attribute's docstring.

    parlib's attribute and property docstrings are prose ("... are refused: no score
    comes near them"); napoleon would turn the words before the colon into a type.
    """
    if what in ("attribute", "data", "property") and len(lines) >= 2 and lines[-1].startswith(":type: "):
        words = lines[-1].removeprefix(":type: ")
        del lines[-2:]
        if lines:
            lines[0] = f"{words}: {lines[0]}"
        else:
            lines.append(words)


BUILTIN_NAMES = frozenset(dir(builtins))


def _builtins_are_builtins(app: object, doctree: Any) -> None:
    """
    Resolve ``type``, ``str``, ... in type hints as the builtins, not by suffix search.

    Sphinx looks up annotation targets "fuzzily", so ``type[T]`` would match both
    ``Rule.type`` and ``Aggregation.type`` and warn that the reference is ambiguous.
    """
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") == "py" and node.get("reftarget") in BUILTIN_NAMES and node.hasattr("refspecific"):
            del node["refspecific"]  # Sphinx tests for the attribute's presence, not its value


def setup(app: Any) -> None:
    """Repair attribute docstrings after napoleon (which listens at the default priority 500)."""
    app.connect("autodoc-process-docstring", _keep_attribute_prose, priority=600)
    app.connect("doctree-read", _builtins_are_builtins)
