"""The shipped dataset keeps every fact of the article."""

from __future__ import annotations

from conftest import ROOT, SOURCE

from pipeline import serialize

ARTICLE = ROOT / "tests" / "data" / "article.txt"
"""A copy of the published article (shared/article/running-scenes-in-movies.txt), kept here
so this test runs in every clone."""

EXPECTED_ORDER = [
    "The Mummy Returns",
    "Rocky II",
    "Raiders of the Lost Ark",
    "Run Lola Run",
    "The Day After Tomorrow",
    "Dante’s Peak",
    "Rocky III",
    "I Am Legend",
    "Forrest Gump",
    "Ferris Bueller’s Day Off",
    "Every Tom Cruise running scene",
    "Casino Royale",
    "Silver Linings Playbook",
]


def test_thirteen_scenes_in_the_articles_order(dataset):
    assert [s.heading for s in dataset.scenes] == EXPECTED_ORDER


def test_collection_metadata(dataset):
    c = dataset.collection
    assert c.title == "13 memorable (and sometimes ridiculous) running scenes in movies"
    assert c.dek.startswith("Some realistic, some not so realistic")
    assert len(c.intro) == 3
    assert c.advisory == "(Some scenes may contain profanity.)"
    assert c.link.startswith("https://")
    assert c.language.startswith("en")


def test_every_number_is_a_typed_claim(dataset):
    claims = {(c.measure, c.value, c.unit) for s in dataset.scenes for c in s.claims}
    assert {
        ("speed", 1673, "km/h"),
        ("distance", 50, "km"),
        ("duration", 20, "min"),
        ("money", 100000, "DEM"),
        ("speed", 60, "km/h"),
    } <= claims
    mummy = dataset.scene("the-mummy-returns").claims[0]
    assert mummy.comparison == "faster than the speed of sound"
    assert dataset.scene("rocky-ii").claims[0].as_published == "50K"


def test_quotes_and_names_are_kept(dataset):
    text = serialize.canonical_json(dataset).decode()
    for fact in ("Run Forrest Run", "James “Clubber” Lang", "parkour", "Philadelphia Magazine"):
        assert fact in text


def test_stallone_typo_fixed_and_noted(dataset):
    raw = SOURCE.read_text(encoding="utf-8")
    assert "Sylvester Stallone" in dataset.scene("rocky-ii").blurb
    assert "Syllvestor" not in serialize.canonical_json(dataset).decode()
    assert "Syllvestor Stalone" in raw  # the comment saying what was fixed


def test_tom_cruise_is_a_compilation_not_a_fake_film(dataset):
    scene = dataset.scene("every-tom-cruise-running-scene")
    assert scene.kind == "compilation"
    assert scene.about == "Tom Cruise"
    assert scene.films == ()


def test_blurbs_match_the_article_apart_from_the_fixed_typo(dataset):
    article = " ".join(ARTICLE.read_text(encoding="utf-8").split()).replace(
        "Syllvestor Stalone", "Sylvester Stallone"
    )
    for scene in dataset.scenes:
        assert scene.heading in article
        if scene.blurb:
            assert " ".join(scene.blurb.split()) in article


def test_the_copy_of_the_article_is_the_shared_one():
    shared = ROOT.parent / "shared" / "article" / "running-scenes-in-movies.txt"
    if shared.exists():  # beside the shared folder: the copy must not drift from it
        assert ARTICLE.read_bytes() == shared.read_bytes()


def test_ids_are_unique_slugs(dataset):
    ids = [s.id for s in dataset.scenes]
    assert len(ids) == len(set(ids))


def test_modeline_points_at_the_shipped_schema():
    first = SOURCE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/scenes.schema.json"
    assert (SOURCE.parent / "../schema/scenes.schema.json").resolve().is_file()
