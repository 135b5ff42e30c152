"""Choosing the next scenes for an issue, directly."""

from __future__ import annotations

from datetime import UTC, datetime

from msgspec.structs import replace

from pipeline.newsletter.issues import choose
from pipeline.settings import NewsletterSettings

NEWS = NewsletterSettings()
LATER = datetime(2100, 1, 1, tzinfo=UTC)
"""An issue sent when every scene of the dataset is published."""


def ids(picked):
    return [s.id for s in picked[1]]


def test_the_first_issue_takes_the_first_scenes_in_order(dataset):
    assert ids(choose(dataset, NEWS, set(), None, 1, LATER)) == [s.id for s in dataset.scenes[:3]]


def test_featured_scenes_are_skipped(dataset):
    featured = {s.id for s in dataset.scenes[:3]}
    assert ids(choose(dataset, NEWS, featured, None, 1, LATER)) == [
        s.id for s in dataset.scenes[3:6]
    ]


def test_new_scenes_come_first(dataset):
    known = {s.id for s in dataset.scenes[:-1]}  # the last scene was added since
    assert ids(choose(dataset, NEWS, set(), known, 1, LATER))[0] == dataset.scenes[-1].id


def test_when_all_are_featured_nothing_or_a_new_round(dataset):
    everything = {s.id for s in dataset.scenes}
    assert choose(dataset, NEWS, everything, None, 1, LATER) is None
    again = choose(dataset, replace(NEWS, wrap_around=True), everything, None, 1, LATER)
    assert again is not None and again[0] == 2 and ids(again)[0] == dataset.scenes[0].id


def test_published_order(dataset):
    news = replace(NEWS, order="published", scenes_per_issue=13)
    picked = choose(dataset, news, set(), None, 1, LATER)
    times = [s.published for s in picked[1]]
    assert times == sorted(times)


def scheduled(dataset, index: int, when: str, confirmed: bool = True):
    """The dataset with scene `index` published at `when` (its date confirmed, or not)."""
    scenes = list(dataset.scenes)
    unconfirmed = () if confirmed else ("published",)
    scenes[index] = replace(
        scenes[index], published=datetime.fromisoformat(when), unconfirmed=unconfirmed
    )
    return replace(dataset, scenes=tuple(scenes))


def test_a_scene_published_after_the_send_time_waits(dataset):
    later = scheduled(dataset, 0, "2027-06-01T09:00:00-05:00")
    before = datetime.fromisoformat("2027-06-01T13:59:59+00:00")
    assert dataset.scenes[0].id not in ids(choose(later, NEWS, set(), None, 1, before))
    at = datetime.fromisoformat("2027-06-01T14:00:00+00:00")  # the same instant: it is out
    assert ids(choose(later, NEWS, set(), None, 1, at))[0] == dataset.scenes[0].id


def test_a_placeholder_date_holds_nothing_back(dataset):
    later = scheduled(dataset, 0, "2099-06-01T09:00:00-05:00", confirmed=False)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert ids(choose(later, NEWS, set(), None, 1, now))[0] == dataset.scenes[0].id


def test_nothing_published_yet_is_no_issue_even_in_a_new_round(dataset):
    later = dataset
    for index in range(len(dataset.scenes)):
        later = scheduled(later, index, "2099-01-01T00:00:00+00:00")
    early = datetime(2026, 12, 1, tzinfo=UTC)
    assert choose(later, replace(NEWS, wrap_around=True), set(), None, 1, early) is None
