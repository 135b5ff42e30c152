"""`scenes export --format markdown`: the dataset as a Markdown article."""

from __future__ import annotations

from typing import ClassVar

from pipeline import Dataset, WriterOptions
from pipeline.wording import film_line, person_line, quantity


def _escape(text: str) -> str:
    """Backslash the characters Markdown would read as formatting."""
    return "".join("\\" + ch if ch in "\\`*_{}[]<>#|" else ch for ch in text)


class MarkdownWriter:
    name: ClassVar[str] = "markdown"
    extension: ClassVar[str] = ".md"
    media_type: ClassVar[str] = "text/markdown; charset=utf-8"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        c = dataset.collection
        lines = [f"# {_escape(c.title)}", "", f"*{_escape(c.dek)}*", ""]
        for paragraph in c.intro:
            lines += [_escape(" ".join(paragraph.split())), ""]
        for number, scene in enumerate(dataset.scenes, 1):
            lines += [f"## {number}. {_escape(scene.heading)}", ""]
            if scene.films:
                lines += [f"*{_escape(film_line(scene.films))}*", ""]
            if scene.people:
                lines += [_escape(person_line(scene.people)), ""]
            if scene.blurb:
                lines += [_escape(" ".join(scene.blurb.split())), ""]
            lines += [f"- {_escape(quantity(c))}: {_escape(c.subject)}" for c in scene.claims]
            lines += [""] if scene.claims else []
        return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
