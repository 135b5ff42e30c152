"""Coverage-guided fuzz target (atheris/libFuzzer) for the reader, the validator and writers.

Any input must end in a Dataset or in the project's own PipelineError; a valid dataset must
render to every format and parse back. Anything else is a crash that libFuzzer saves.
Run it through `python fuzz/run.py --seconds 600`, which sets memory limits and seeds a corpus.
"""

from __future__ import annotations

import io
import json
import sys

import atheris

with atheris.instrument_imports(include=["pipeline"]):
    import pipeline
    from pipeline import source
    from pipeline.errors import PipelineError
    from pipeline.validate import validate

import docx
from lxml import etree


def check_outputs(dataset: pipeline.Dataset) -> None:
    for fmt in ("json", "jsonfeed"):
        json.loads(pipeline.render(dataset, fmt))
    for fmt in ("rss", "atom"):
        etree.fromstring(pipeline.render(dataset, fmt))
    pipeline.render(dataset, "text").decode("utf-8")
    page = pipeline.render(dataset, "html").decode("utf-8")
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    json.loads(page[start : page.index("</script>", start)])  # the structured data stays whole
    docx.Document(io.BytesIO(pipeline.render(dataset, "docx")))


def test_one_input(data: bytes) -> None:
    try:
        dataset = validate(source.parse(data))
    except PipelineError:
        return
    check_outputs(dataset)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
