"""A corrected scene, as readers of the feeds, the page, the DOCX and the text meet it: the
same feed item (same guid and publication date) with its new updated time, and "Corrected
<date>: <sentence>" under the scene."""

from __future__ import annotations

import io
import json

import docx
import feedparser
import html5lib
from corrected import LINE, WHEN, correct, words

from pipeline.writers import _feed as feeds

ROCKY_GUID = feeds.guid("rocky-ii")


def rocky(entries, key="id"):
    return next(e for e in entries if e[key] == ROCKY_GUID)


def test_feeds_keep_the_item_and_say_it_changed(invoke, project):
    assert invoke("export", "-f", "rss", "-f", "atom", "-f", "jsonfeed").exit_code == 0
    out = project / "outputs"
    before = {name: (out / name).read_bytes() for name in ("scenes.rss.xml", "scenes.atom.xml")}
    correct(project)
    assert invoke("export", "-f", "rss", "-f", "atom", "-f", "jsonfeed").exit_code == 0

    for name, version in (("scenes.rss.xml", "rss20"), ("scenes.atom.xml", "atom10")):
        old, new = feedparser.parse(before[name]), feedparser.parse((out / name).read_bytes())
        assert new.bozo == 0 and new.version == version
        assert [e.id for e in new.entries] == [e.id for e in old.entries]  # no item is new
        item = rocky(new.entries)
        assert item.updated_parsed[:5] == (2026, 11, 25, 15, 30)  # 10:30 -05:00, in UTC
        assert words(item.summary).endswith(LINE)
        assert "</strong> <cite>Philadelphia Magazine</cite> estimated" in item.summary
        assert [e.get("published") for e in new.entries] == [
            e.get("published") for e in old.entries
        ]
        others = [e for e in new.entries if e.id != ROCKY_GUID]
        if name == "scenes.rss.xml":  # RSS says "updated" only of what was corrected
            assert not any("updated" in e for e in others)
    assert feedparser.parse((out / "scenes.rss.xml").read_bytes()).feed.updated_parsed[:4] == (
        2026,
        11,
        25,
        15,
    )  # lastBuildDate: the correction is the newest change
    feed = json.loads((out / "scenes.feed.json").read_bytes())
    item = rocky(feed["items"])
    assert item["date_modified"] == WHEN
    assert item["content_text"].endswith("\n" + LINE)
    assert sum("date_modified" in i for i in feed["items"]) == 1


def test_page_docx_and_text_show_the_correction(invoke, project):
    correct(project)
    assert invoke("export", "-f", "html", "-f", "docx", "-f", "text").exit_code == 0
    out = project / "outputs"
    page = html5lib.parse((out / "scenes.html").read_bytes(), namespaceHTMLElements=False)
    section = page.find(".//section[@id='rocky-ii']")
    notes = [p for p in section.iter("p") if p.get("class") == "correction"]
    assert len(notes) == 1
    assert " ".join("".join(notes[0].itertext()).split()) == LINE
    assert notes[0].find(".//time").get("datetime") == WHEN
    assert list(section)[-1] is notes[0]  # under the scene: after everything it corrects
    assert not page.findall(".//section[@id='the-mummy-returns']//p[@class='correction']")

    document = docx.Document(io.BytesIO((out / "scenes.docx").read_bytes()))
    shown = [p for p in document.paragraphs if p.text.startswith("Corrected ")]
    assert [p.text for p in shown] == [LINE]
    assert shown[0].style.name == "Correction"
    assert shown[0].runs[0].style.name == "Strong"

    text = (out / "scenes.txt").read_text(encoding="utf-8")
    assert text.count("Corrected ") == 1
    assert LINE in " ".join(text.split())


def test_an_unedited_docx_with_a_correction_reviews_clean(invoke, project):
    correct(project)
    invoke("export", "-f", "docx")
    result = invoke("review", str(project / "outputs" / "scenes.docx"))
    assert result.exit_code == 0, result.output
    assert "unmapped" not in result.output
