"""Review's three-way compare (`pipeline.review.merge`), field by field: an edit applies where
the dataset still has what was exported, is found again by identity when the dataset moved
things, is a conflict when both sides changed it, and is never written where it cannot be told
which item was meant. The documents themselves are tested in test_review.py; here the
decisions, on the real dataset's fields."""

from __future__ import annotations

import copy

import pytest

from pipeline.review import merge
from pipeline.serialize import json_values
from pipeline.writers.docx_layout import fields

CANNOT_TELL = "changed in the dataset since the export; which one was edited cannot be told"


@pytest.fixture
def base(dataset):
    return json_values(dataset)


def field_of(dataset, owner: str, key: str):
    [found] = [f for f in fields(dataset) if f.owner == owner and f.key == key]
    return found


def review(dataset, base, now, owner: str, key: str, text: str) -> list[tuple]:
    """The changes editing one field to `text` makes, as (field, before, after, current,
    status, loc, reason), against `now` (the current data, plain)."""
    versions = merge.Versions(base, now)
    found = merge.compare(field_of(dataset, owner, key), text, versions)
    return [
        (c.field, c.before, c.after, c.current, c.status, c.loc, c.reason)
        for c in found
        if c.owner == (owner if owner != "@collection" else c.owner)
    ]


def test_an_untouched_field_changes_nothing(dataset, base):
    heading = field_of(dataset, "rocky-ii", "heading")
    assert review(dataset, base, base, "rocky-ii", "heading", heading.text) == []


def test_an_edit_of_what_the_dataset_still_has_applies(dataset, base):
    assert review(dataset, base, base, "rocky-ii", "heading", "Rocky 2") == [
        ("heading", "Rocky II", "Rocky 2", "Rocky II", "apply", ("scenes", 1, "heading"), "")
    ]


def test_an_edit_the_dataset_already_has_is_already_there(dataset, base):
    now = copy.deepcopy(base)
    now["scenes"][1]["heading"] = "Rocky 2"
    assert review(dataset, base, now, "rocky-ii", "heading", "Rocky 2") == [
        ("heading", "Rocky II", "Rocky 2", "Rocky 2", "already", ("scenes", 1, "heading"), "")
    ]


def test_both_sides_changed_is_a_conflict(dataset, base):
    now = copy.deepcopy(base)
    now["scenes"][1]["heading"] = "Rocky Two"
    assert review(dataset, base, now, "rocky-ii", "heading", "Rocky 2") == [
        (
            "heading",
            "Rocky II",
            "Rocky 2",
            "Rocky Two",
            "conflict",
            ("scenes", 1, "heading"),
            "changed in the dataset too",
        )
    ]


def test_a_scene_is_found_by_its_id_wherever_it_moved(dataset, base):
    now = copy.deepcopy(base)
    now["scenes"].insert(0, now["scenes"].pop(1))  # Rocky II first now
    [change] = review(dataset, base, now, "rocky-ii", "heading", "Rocky 2")
    assert change[4:6] == ("apply", ("scenes", 0, "heading"))


def test_a_scene_no_longer_in_the_dataset_cannot_be_written(dataset, base):
    now = copy.deepcopy(base)
    del now["scenes"][1]
    assert review(dataset, base, now, "rocky-ii", "heading", "Rocky 2") == [
        (
            "heading",
            "Rocky II",
            "Rocky 2",
            None,
            "cannot",
            (),
            "the scene is no longer in the dataset",
        )
    ]


def test_a_film_is_found_by_what_it_still_is_after_others_were_added(dataset, base):
    now = copy.deepcopy(base)
    now["scenes"][1]["films"].insert(0, {"title": "Rocky", "year": 1976})
    assert review(dataset, base, now, "rocky-ii", "film0", "Rocky II (1980)") == [
        ("film0.year", 1979, 1980, 1979, "apply", ("scenes", 1, "films", 1, "year"), "")
    ]


def test_two_films_that_could_be_the_one_edited_are_not_guessed_between(dataset, base):
    now = copy.deepcopy(base)
    films = now["scenes"][1]["films"]
    films.append({**films[0], "year": 1978})  # the same but for the edited year
    films.insert(0, {"title": "Rocky", "year": 1976})  # and neither where it was
    reason = f"the films of rocky-ii {CANNOT_TELL}"
    assert review(dataset, base, now, "rocky-ii", "film0", "Rocky II (1980)") == [
        ("film0.year", 1979, 1980, None, "cannot", (), reason)
    ]


def test_an_item_changed_in_place_is_still_the_one_when_nothing_else_moved(dataset, base):
    now = copy.deepcopy(base)
    lola = now["scenes"][3]["people"]
    lola[0]["note"] = "the runner"  # not the part edited, but no longer as exported
    assert review(dataset, base, now, "run-lola-run", "person0", "Lola (F. Potente)") == [
        (
            "person0.actor",
            "Franka Potente",
            "F. Potente",
            "Franka Potente",
            "apply",
            ("scenes", 3, "people", 0, "actor"),
            "",
        )
    ]
    lola[1]["note"] = "her boyfriend"  # now two changed: which is which cannot be told
    assert review(dataset, base, now, "run-lola-run", "person0", "Lola (F. Potente)")[0][4] == (
        "cannot"
    )


def test_an_item_changed_in_a_list_that_grew_cannot_be_told(dataset, base):
    now = copy.deepcopy(base)
    people = now["scenes"][3]["people"]
    people[0]["note"] = "the runner"
    people.append({"character": "Sylvie", "actor": "Suzanne von Borsody"})
    [change] = review(dataset, base, now, "run-lola-run", "person0", "Lola (F. Potente)")
    assert change[4:] == ("cannot", (), f"the people of run-lola-run {CANNOT_TELL}")


def test_a_claim_is_found_by_its_other_fields_even_when_its_value_changed(dataset, base):
    now = copy.deepcopy(base)
    claims = now["scenes"][3]["claims"]
    claims.reverse()  # the money first now
    claims[1]["value"] = 25  # and the deadline changed in the dataset
    assert review(dataset, base, now, "run-lola-run", "claim0_value", "30") == [
        (
            "claim0_value",
            20,
            30,
            25,
            "conflict",
            ("scenes", 3, "claims", 1, "value"),
            "changed in the dataset too",
        )
    ]


def test_a_paragraph_is_found_as_it_was_or_as_edited(dataset, base):
    intro = base["collection"]["intro"]
    edited = intro[1] + " Really."
    now = copy.deepcopy(base)
    now["collection"]["intro"].insert(0, "A new first paragraph.")
    [change] = review(dataset, base, now, "@collection", "intro1", edited)
    assert change[4:6] == ("apply", ("collection", "intro", 2))
    now["collection"]["intro"][2] = edited  # someone made the same edit in the dataset
    [change] = review(dataset, base, now, "@collection", "intro1", edited)
    assert change[3:6] == (edited, "already", ("collection", "intro", 2))


def test_text_that_cannot_be_read_as_the_field_is_not_written(dataset, base):
    [change] = review(dataset, base, base, "rocky-ii", "claim0_value", "fifty")
    assert change[:6] == ("claim0_value", 50, "fifty", None, "cannot", ())
    assert change[6]  # the reason, in the field's own words


def test_a_field_review_will_not_touch_says_why(dataset):
    person = field_of(dataset, "run-lola-run", "person1")
    change = merge.cannot(person, "Manni", "the anchor is broken")
    assert (change.owner, change.field, change.before, change.after) == (
        "run-lola-run",
        "person1",
        {"character": "Manni", "actor": "Moritz Bleibtreu", "note": "Lola’s boyfriend"},
        "Manni",
    )
    assert (change.current, change.status, change.loc, change.reason) == (
        None,
        "cannot",
        (),
        "the anchor is broken",
    )
    lola = field_of(dataset, "run-lola-run", "person0")
    assert merge.cannot(lola, None, "gone").before == {
        "character": "Lola",
        "actor": "Franka Potente",
    }


def test_an_item_that_gained_a_part_in_the_dataset_is_no_longer_the_one_exported(dataset, base):
    now = copy.deepcopy(base)
    films = now["scenes"][1]["films"]
    films[0]["original_title"] = "Rocky II: The Sequel"
    films.insert(0, {"title": "Rocky", "year": 1976})
    [change] = review(dataset, base, now, "rocky-ii", "film0", "Rocky II (1980)")
    assert change[4:] == ("cannot", (), f"the films of rocky-ii {CANNOT_TELL}")


def test_an_edit_to_a_list_the_dataset_no_longer_has_cannot_be_written(dataset, base):
    now = copy.deepcopy(base)
    del now["scenes"][1]["claims"]
    [change] = review(dataset, base, now, "rocky-ii", "claim0_value", "42")
    assert change[4:] == ("cannot", (), f"the claims of rocky-ii {CANNOT_TELL}")
