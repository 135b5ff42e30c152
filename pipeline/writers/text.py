"""Plain text for readers (and the newsletter's body), through a replaceable Jinja2 template."""

from __future__ import annotations

from typing import ClassVar

from pipeline import templating
from pipeline.model import Dataset
from pipeline.writers import WriterOptions


class TextWriter:
    name: ClassVar[str] = "text"
    extension: ClassVar[str] = ".txt"
    media_type: ClassVar[str] = "text/plain; charset=utf-8"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        return templating.render_bytes(
            templating.BUILTIN["text"],
            options.template_for(self.name),
            options.parts_for(self.name),
            collection=dataset.collection,
            scenes=dataset.scenes,
            width=options.settings.text.width,
        )
