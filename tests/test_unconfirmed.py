"""A value the data marks as unconfirmed (a placeholder byline or date) is never presented as
fact: the page, the feeds, the text and the email leave it out; only the DOCX shows it, marked
for editors."""

from __future__ import annotations

import email
import io
import json
from datetime import UTC, date, datetime
from email import policy
from pathlib import Path

import docx
import pytest

import pipeline
from pipeline.model import Author
from pipeline.records import replace
from pipeline.settings import Settings

PLACEHOLDER_AUTHOR = "Pat Placeholder"
PLACEHOLDER_DAY = datetime.fromisoformat("2031-03-05T09:00:00-05:00")
SHOWN_DAY = ("March 5, 2031", "2031-03-05", "5 Mar 2031", "© 2031")


@pytest.fixture(scope="module")
def placeholders(dataset):
    """The article with a made-up byline and date, both marked unconfirmed, and every scene's
    date unconfirmed too."""
    collection = replace(
        dataset.collection,
        authors=(Author(name=PLACEHOLDER_AUTHOR),),
        published=PLACEHOLDER_DAY,
        unconfirmed=("authors", "published"),
    )
    scenes = tuple(
        replace(s, published=PLACEHOLDER_DAY, unconfirmed=("published",)) for s in dataset.scenes
    )
    return replace(dataset, collection=collection, scenes=scenes)


def email_text(dataset, tmp_path: Path) -> str:
    """Both parts of the newsletter's first issue, as a reader's mail program decodes them."""
    from pipeline.newsletter import run
    from pipeline.newsletter.letter import Layout

    out = tmp_path / "newsletter"
    settings = Settings(base_dir=str(tmp_path))
    run.run(
        dataset, settings, Layout(), date(2031, 3, 10), out, now=datetime(2031, 3, 10, tzinfo=UTC)
    )
    (eml,) = out.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    return "\n".join(message.get_body((part,)).get_content() for part in ("plain", "html")) + str(
        message["Subject"]
    )


def test_no_reader_facing_output_shows_a_placeholder(placeholders, tmp_path):
    shown = {fmt: pipeline.render(placeholders, fmt).decode() for fmt in ("html", "text")}
    shown["email"] = email_text(placeholders, tmp_path)
    assert all("The Mummy Returns" in text for text in shown.values())  # what was read
    for fmt, text in shown.items():
        assert PLACEHOLDER_AUTHOR not in text, fmt
        for day in SHOWN_DAY:
            assert day not in text, (fmt, day)


def test_no_feed_gives_a_placeholder_as_author_or_publication_date(placeholders):
    for fmt in ("rss", "atom", "jsonfeed"):
        text = pipeline.render(placeholders, fmt).decode()
        assert PLACEHOLDER_AUTHOR not in text, fmt
        for element in ("<pubDate>", "<published>", '"date_published"'):
            assert element not in text, (fmt, element)


def test_the_docx_shows_them_marked_for_editors_only(placeholders):
    document = docx.Document(io.BytesIO(pipeline.render(placeholders, "docx")))
    byline = next(p for p in document.paragraphs if p.style.name == "Byline")
    assert byline.text == f"By {PLACEHOLDER_AUTHOR} [to confirm] · March 5, 2031 [to confirm]"
    assert document.core_properties.author == "Canadian Running"  # not the placeholder


def test_the_json_export_says_which_values_are_unconfirmed(placeholders):
    data = json.loads(pipeline.render(placeholders, "json"))
    assert data["collection"]["unconfirmed"] == ["authors", "published"]
    assert {tuple(s["unconfirmed"]) for s in data["scenes"]} == {("published",)}


def test_once_confirmed_they_are_shown(placeholders, tmp_path):
    collection = replace(placeholders.collection, unconfirmed=())
    sure = replace(placeholders, collection=collection)
    page = pipeline.render(sure, "html").decode()
    assert f">{PLACEHOLDER_AUTHOR}<" in page and "March 5, 2031" in page and "© 2031" in page
