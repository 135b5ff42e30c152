"""Every internal link of the built documentation leads somewhere: each relative `href` and
`src` names a file of the build, and each `#fragment` an id in the page it points into.
Links that leave the site (http:, https:, mailto:) are not followed: no network here.

    python docs/check_links.py build/docs/html     # prints each broken link; exit 1 if any
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LEAVING = ("http", "https", "mailto", "data", "javascript")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name] or "")
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") == "preconnect"):
                self.links.append(values[name] or "")


def _parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(root: Path) -> list[str]:
    """Each broken link, as `page: link (why)`."""
    root = root.resolve()
    pages = {path: _parsed(path) for path in sorted(root.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme in LEAVING or parts.netloc:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            shown = f"{path.relative_to(root)}: {link}"
            if not target.is_file() or root not in target.parents:
                problems.append(f"{shown} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parsed(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{shown} (no such anchor)")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "build/docs/html")
    if not (root / "index.html").is_file():
        print(f"{root}: no built documentation (run sphinx-build first)")
        return 1
    problems = broken_links(root)
    for problem in problems:
        print(problem)
    print(f"{root}: {len(problems)} broken internal link{'s' if len(problems) != 1 else ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
