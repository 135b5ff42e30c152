"""The web page, read back with html5lib (the WHATWG parsing algorithm browsers implement)."""

from __future__ import annotations

import itertools
import json
import re

import html5lib
import pytest
from conftest import DATA
from msgspec.structs import replace

import pipeline
from pipeline.errors import WriterError
from pipeline.model import Author
from pipeline.settings import settings_from
from pipeline.templating import Template
from pipeline.writers import WriterOptions

SITE = "https://runningmagazine.ca/the-scene/running-scenes-movies/"
JSON_LD = "application/ld+json"


def parse(data: bytes):
    """The document as an element tree; strict: any WHATWG parse error raises."""
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree"), strict=True, namespaceHTMLElements=False
    )
    return parser.parse(data)


def page(dataset, options=None):
    return parse(pipeline.render(dataset, "html", options))


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def meta(root, key: str) -> str:
    (found,) = [m for m in root.iter("meta") if key in (m.get("name"), m.get("property"))]
    return found.get("content")


def structured(root) -> dict:
    (script,) = [s for s in root.iter("script") if s.get("type") == JSON_LD]
    return json.loads(script.text)


def sections(root) -> dict:
    return {s.get("id"): s for s in root.iter("section")}


def with_scene(dataset, index, **changes):
    scenes = list(dataset.scenes)
    scenes[index] = replace(scenes[index], **changes)
    return replace(dataset, scenes=tuple(scenes))


def test_a_standalone_html5_document_with_its_metadata(dataset):
    data = pipeline.render(dataset, "html")
    assert data.startswith(b"<!DOCTYPE html>\n<html lang=") and data.endswith(b"</html>\n")
    root = parse(data)
    c = dataset.collection
    assert root.get("lang") == "en-CA"
    assert text(root.find("head/title")) == f"{c.title} | {c.publisher}"
    assert meta(root, "description") == c.dek
    (canonical,) = [link for link in root.iter("link") if link.get("rel") == "canonical"]
    assert canonical.get("href") == SITE
    assert meta(root, "og:title") == c.title
    assert meta(root, "og:description") == c.dek
    assert meta(root, "og:url") == SITE
    assert meta(root, "og:type") == "article"
    assert meta(root, "twitter:card") == "summary"
    assert meta(root, "twitter:title") == c.title
    assert meta(root, "viewport") == "width=device-width, initial-scale=1"


def test_self_contained_no_file_font_or_script_from_elsewhere(dataset):
    root = page(dataset)
    assert [link.get("rel") for link in root.iter("link")] == ["canonical"]
    assert [s.get("type") for s in root.iter("script")] == [JSON_LD]  # structured data only
    for tag in ("img", "iframe", "object", "embed", "video", "audio", "source"):
        assert root.find(f".//{tag}") is None, tag
    (style,) = list(root.iter("style"))
    assert "@import" not in style.text and "url(" not in style.text
    assert "@media print" in style.text and "prefers-color-scheme: dark" in style.text


def test_title_dek_intro_and_advisory_in_order(dataset):
    root = page(dataset)
    c = dataset.collection
    article = root.find(".//main/article")
    assert text(article.find("header/h1")) == c.title
    assert text(article.find("header/p[@class='dek']")) == c.dek
    assert [text(p) for p in article.findall("div[@class='intro']/p")] == list(c.intro)
    assert text(article.find("p[@class='advisory']")) == c.advisory


def confirmed(dataset, *fields):
    """The dataset with these collection fields confirmed (the rest stay placeholders)."""
    left = tuple(f for f in dataset.collection.unconfirmed if f not in fields)
    return replace(dataset, collection=replace(dataset.collection, unconfirmed=left))


def test_a_placeholder_byline_and_date_are_never_shown(dataset):
    data = pipeline.render(dataset, "html").decode()
    for placeholder in ("Canadian Running staff", "November 24, 2026", "2026-11-24", "© 2026"):
        assert placeholder not in data
    root = parse(data.encode())
    assert root.find(".//p[@class='byline']") is None and root.find(".//time") is None
    assert text(root.find(".//footer")) == "© Canadian Running"
    names = {m.get("name") or m.get("property") for m in root.iter("meta")}
    assert not names & {"author", "article:published_time", "article:modified_time"}
    assert not {"author", "datePublished", "dateModified"} & set(structured(root))


def test_confirmed_byline_and_date_are_shown(dataset):
    root = page(confirmed(dataset, "authors", "published"))
    article = root.find(".//main/article")
    assert "By Canadian Running staff" in text(article.find("header/p[@class='byline']"))
    (time,) = article.iter("time")
    assert (time.get("datetime"), text(time)) == ("2026-11-24T09:00:00-05:00", "November 24, 2026")
    assert text(root.find(".//footer")) == "© 2026 Canadian Running"
    assert meta(root, "author") == "Canadian Running staff"
    assert structured(root)["datePublished"] == "2026-11-24T09:00:00-05:00"
    only_date = page(confirmed(dataset, "published")).find(".//p[@class='byline']")
    assert text(only_date) == "November 24, 2026"


def test_one_numbered_section_per_scene_in_order(dataset):
    root = page(dataset)
    found = list(root.iter("section"))
    assert [s.get("id") for s in found] == [scene.id for scene in dataset.scenes]
    headings = [text(s.find("h2")) for s in found]
    assert headings == [f"{i}. {scene.heading}" for i, scene in enumerate(dataset.scenes, 1)]
    contents = root.findall(".//nav//li/a")
    assert [a.get("href") for a in contents] == [f"#{scene.id}" for scene in dataset.scenes]


def test_headings_in_order_one_h1(dataset):
    levels = [int(e.tag[1]) for e in page(dataset).iter() if re.fullmatch(r"h[1-6]", str(e.tag))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_films_people_blurb_and_reality_check_as_readers_see_them(dataset):
    found = sections(page(dataset))
    mummy = text(found["the-mummy-returns"]).replace("\u00a0", " ")
    assert "Film The Mummy Returns (2001)" in mummy
    assert "Cast Rick O’Connell (Brendan Fraser)" in mummy
    # the number written once, where the writer wrote it, with its conversion for miles
    assert "running as fast as 1673 km/h (1,040 mph), faster than the speed of sound" in mummy
    assert "1,673" not in mummy
    (check,) = found["the-mummy-returns"].iterfind(".//p[@class='reality']")
    assert (
        text(check)
        .replace("\u00a0", " ")
        .startswith(
            "Reality check Physically absurd. About 37 times Usain Bolt’s top speed (44.72 km/h,"
        )
    )
    lola = text(found["run-lola-run"])
    assert "Run Lola Run (1998, original title Lola rennt)" in lola
    assert "Manni (Moritz Bleibtreu), Lola’s boyfriend" in lola
    assert "Reality check" not in lola  # a deadline and money: no verdict, nothing to add
    legend = found["i-am-legend"]
    assert legend.find(".//p[@class='reality']") is None  # no box with a big "2"
    assert "2" not in text(legend).split()
    rocky = text(found["rocky-ii"]).replace("\u00a0", " ")
    assert "upwards of 50K (31 mi) on this" in rocky
    assert "Within reach of amateurs." in rocky
    assert found["raiders-of-the-lost-ark"].find(".//p[@class='reality']") is None


def test_a_claim_the_blurb_does_not_state_is_written_as_a_sentence(dataset):
    changed = with_scene(dataset, 0, blurb="Rick keeps pace with sunlight.")
    mummy = sections(page(changed))["the-mummy-returns"]
    (claim,) = mummy.iterfind(".//p[@class='claim']")
    assert text(claim).replace("\u00a0", " ") == (
        "Rick O’Connell’s running speed as he keeps pace with sunlight: estimated, as fast as "
        "1,673 km/h (1,040 mph), faster than the speed of sound."
    )


def test_titles_of_works_are_cited(dataset):
    root = page(dataset)
    found = sections(root)
    cited = {s: [text(c) for c in found[s].iter("cite")] for s in found}
    assert cited["the-mummy-returns"] == ["The Mummy Returns", "The Mummy Returns"]  # h2, film
    assert cited["run-lola-run"] == ["Run Lola Run", "Run Lola Run", "Lola rennt"]
    assert cited["rocky-ii"] == ["Rocky II", "Rocky II", "Philadelphia Magazine"]
    assert cited["forrest-gump"] == ["Forrest Gump", "Forrest Gump"]  # not the man in the cast
    assert cited["every-tom-cruise-running-scene"] == []
    contents = [text(c) for c in root.find(".//nav").iter("cite")]
    assert len(contents) == 12 and "Every Tom Cruise running scene" not in contents


def test_the_compilation_reads_in_its_one_wording(dataset):
    root = page(dataset)
    tom = sections(root)["every-tom-cruise-running-scene"]
    assert text(tom) == "11. Every Tom Cruise running scene Films many, all with Tom Cruise"
    item = structured(root)["mainEntity"]["itemListElement"][10]["item"]
    assert item["@type"] == "CreativeWork"
    assert item["about"] == {"@type": "Person", "name": "Tom Cruise"}


def test_structured_data_is_an_article_listing_the_scenes(dataset):
    root = page(dataset)
    data = structured(root)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == text(root.find(".//h1"))
    assert data["description"] == meta(root, "description")
    assert data["inLanguage"] == root.get("lang")
    assert data["url"] == data["mainEntityOfPage"] == SITE
    assert data["publisher"] == {"@type": "Organization", "name": "Canadian Running"}
    listed = data["mainEntity"]
    assert listed["@type"] == "ItemList"
    assert listed["numberOfItems"] == len(listed["itemListElement"]) == 13
    items = listed["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, 14))
    assert [i["name"] for i in items] == [text(s.find("h2/span[2]")) for s in root.iter("section")]
    assert [i["url"] for i in items] == [f"{SITE}#{s.get('id')}" for s in root.iter("section")]


def test_each_film_is_a_movie_consistent_with_its_section(dataset):
    root = page(dataset)
    found = sections(root)
    for item in structured(root)["mainEntity"]["itemListElement"]:
        scene = dataset.scene(item["url"].rpartition("#")[2])
        if scene.kind == "compilation":
            continue
        movie, (film,) = item["item"], scene.films
        assert movie["@type"] == "Movie"
        assert (movie["name"], movie["dateCreated"]) == (film.title, str(film.year))
        assert movie["url"] == item["url"]
        roles = [(r["actor"]["name"], r.get("characterName")) for r in movie["actor"]]
        assert roles == [(p.actor, p.character) for p in scene.people if p.actor]
        assert [c["name"] for c in movie["character"]] == [p.character for p in scene.people]
        shown = text(found[scene.id])
        assert f"{film.title} ({film.year}" in shown
        assert all(f"{character} ({actor})" in shown for actor, character in roles)
    lola = structured(root)["mainEntity"]["itemListElement"][3]["item"]
    assert lola["alternateName"] == "Lola rennt"


HOSTILE = "</script><script>alert(1)</script><!-- & \"quotes\" 'single' \u2028"


def test_structured_data_cannot_leave_its_script_element(dataset):
    hostile = with_scene(dataset, 0, heading=HOSTILE, blurb=HOSTILE)
    hostile = replace(hostile, collection=replace(hostile.collection, title=HOSTILE))
    data = pipeline.render(hostile, "html")
    assert data.count(b"</script>") == 1  # the structured data's own end tag
    root = parse(data)
    assert [s.get("type") for s in root.iter("script")] == [JSON_LD]
    ld = structured(root)
    assert ld["headline"] == HOSTILE
    assert ld["mainEntity"]["itemListElement"][0]["name"] == HOSTILE
    assert text(root.find(".//h1")) == " ".join(HOSTILE.split())
    assert meta(root, "og:title") == HOSTILE  # attributes escaped too


@pytest.mark.parametrize("scenes", [1, 2, 13])
def test_the_structured_data_in_pieces_is_the_article_encoded_at_once(dataset, scenes):
    """The structured data is encoded a piece per item: the same data as the whole Article
    encoded at once, hostile strings, escapes and all, whether printed whole or piece by
    piece."""
    from pipeline.settings import Settings
    from pipeline.writers import _jsonld

    hostile = with_scene(dataset, 0, heading=HOSTILE + "\u2029 é \U0001f3c3", blurb=HOSTILE)
    hostile = replace(hostile, scenes=hostile.scenes[:scenes])
    whole = json.dumps(_jsonld.article(hostile, Settings()), ensure_ascii=False)
    pieces = _jsonld.structured_data(hostile, Settings())
    assert str(pieces) == pieces.__html__() == "".join(pieces)
    assert len(pieces.parts) == scenes + 1
    assert "</" not in str(pieces) and "\u2028" not in str(pieces)
    assert json.loads(str(pieces)) == json.loads(whole)


def test_markup_in_every_field_stays_text():
    dataset = pipeline.load(DATA / "valid" / "markup-in-every-text-field.yaml")
    root = page(dataset)
    nasty = dataset.scenes[0].blurb
    assert [s.get("type") for s in root.iter("script")] == [JSON_LD]
    assert not [e for e in root.iter() if any(a.startswith("on") for a in e.attrib)]
    assert " ".join(nasty.split()) in text(root.find(".//section"))


def test_links_that_leave_the_site_say_so(dataset):
    authors = (
        Author(name="Off Site", url="https://elsewhere.example/me"),
        Author(name="On Site", url="https://runningmagazine.ca/author/on-site/"),
    )
    changed = replace(
        dataset, collection=replace(dataset.collection, authors=authors, unconfirmed=())
    )
    links = {a.get("href"): a.get("rel") for a in page(changed).iter("a")}
    assert links["https://elsewhere.example/me"] == "author external noopener"
    assert links["https://runningmagazine.ca/author/on-site/"] == "author"
    assert "By Off Site and On Site" in text(page(changed).find(".//p[@class='byline']"))


def test_a_users_template_replaces_the_page_and_escapes_like_it(dataset):
    hostile = replace(dataset, collection=replace(dataset.collection, title="<b>bold</b>"))
    source = (
        "<h1>{{ collection.title }}</h1>\n{% for scene in scenes[:1] %}{% set number = 1 %}"
        "{% include '_scene.html.j2' %}{% endfor %}<script>{{ structured_data }}</script>"
    )
    options = WriterOptions(templates={"html": Template("page.j2", source)})
    data = pipeline.render(hostile, "html", options).decode()
    assert data.startswith('<h1>&lt;b&gt;bold&lt;/b&gt;</h1>\n<section class="scene" id=')
    assert '"headline":"\\u003cb\\u003ebold\\u003c/b\\u003e"' in data


def test_one_template_file_used_as_text_then_as_page_escapes_only_on_the_page(dataset):
    """Escaping is compiled in, and compiled templates are cached by name and source: the
    text's compiled copy must never serve the page."""
    hostile = replace(dataset, collection=replace(dataset.collection, title="<b>bold</b>"))
    mine = Template("mine.j2", "{{ collection.title }}\n")
    text = pipeline.render(hostile, "text", WriterOptions(templates={"text": mine}))
    page = pipeline.render(hostile, "html", WriterOptions(templates={"html": mine}))
    assert (text, page) == (b"<b>bold</b>\n", b"&lt;b&gt;bold&lt;/b&gt;\n")


def test_the_text_template_never_reaches_the_page(dataset):
    text_only = WriterOptions(templates={"text": Template("mine.txt.j2", "TEXT")})
    assert pipeline.render(dataset, "html", text_only) == pipeline.render(dataset, "html")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<p>\n{% for %}", "page.html.j2:2: template error:"),
        ("{{ nothing }}", "page.html.j2:1: template error: 'nothing' is undefined"),
    ],
)
def test_page_template_mistakes_name_file_and_line(dataset, source, message):
    options = WriterOptions(templates={"html": Template("page.html.j2", source)})
    with pytest.raises(WriterError) as caught:
        pipeline.render(dataset, "html", options)
    assert str(caught.value).startswith(message)


def test_site_url_setting_moves_canonical_and_items(dataset):
    options = WriterOptions(settings=settings_from({"site_url": "https://example.org/scenes/"}))
    root = page(dataset, options)
    (canonical,) = [link for link in root.iter("link") if link.get("rel") == "canonical"]
    assert canonical.get("href") == meta(root, "og:url") == "https://example.org/scenes/"
    first = structured(root)["mainEntity"]["itemListElement"][0]
    assert first["url"] == "https://example.org/scenes/#the-mummy-returns"


def test_the_cli_writes_lists_and_prints_the_page(invoke, project):
    assert invoke("export", "-f", "html").exit_code == 0
    assert (project / "outputs" / "scenes.html").read_bytes().startswith(b"<!DOCTYPE html>")
    line = next(x for x in invoke("formats").output.splitlines() if x.startswith("html "))
    assert line.split() == ["html", "scenes.html", "scenes", "text/html;", "charset=utf-8"]
    printed = invoke("template", "html")
    assert printed.exit_code == 0 and "<!DOCTYPE html>" in printed.output


def test_the_page_template_flag_and_setting(invoke, project):
    (project / "page.html.j2").write_text("<p>{{ scenes | length }} scenes</p>\n")
    (project / "mine.txt.j2").write_text("plain {{ scenes | length }}\n")
    (project / "scenes.toml").write_text('[text]\ntemplate = "mine.txt.j2"\n')
    assert invoke("export", "--template", "page.html.j2").exit_code == 0
    assert (project / "outputs" / "scenes.html").read_text() == "<p>13 scenes</p>\n"
    assert (project / "outputs" / "scenes.txt").read_text() == "plain 13\n"
    (project / "scenes.toml").write_text('[html]\ntemplate = "mine.txt.j2"\n')
    assert invoke("export", "-f", "html", "-f", "text").exit_code == 0
    assert (project / "outputs" / "scenes.html").read_text() == "plain 13\n"
    assert (project / "outputs" / "scenes.txt").read_text().startswith("13 memorable")
