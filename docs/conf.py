"""Sphinx settings for the scenes documentation: Markdown pages (MyST), the furo theme, the
command reference made by sphinx-click from the click commands, and the settings and dataset
references written from the records before each build (docs/_ext/reference.py).

    sphinx-build -W -b html docs build/docs/html
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS.parent), str(DOCS / "_ext")]

import importlib  # noqa: E402

import reference  # noqa: E402  (needs the paths above)

from pipeline.cli.base import ScenesGroup  # noqa: E402

reference.write(DOCS / "_generated")
for module in ScenesGroup.LAZY.values():  # commands loaded on use: register them for sphinx-click
    importlib.import_module(module)

project = "scenes"
author = "the scenes maintainers"
copyright = "the scenes maintainers"
extensions = ["myst_parser", "sphinx_click"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_generated", "_build"]
myst_heading_anchors = 3
myst_enable_extensions = ["deflist"]
html_theme = "furo"
html_title = "scenes"
html_static_path: list[str] = []
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
pygments_style = "friendly"
smartquotes = False  # `--format` stays two hyphens (the help texts, the examples)
