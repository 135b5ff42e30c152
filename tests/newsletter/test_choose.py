"""Choosing the next scenes for an issue, directly."""

from __future__ import annotations

from msgspec.structs import replace

from pipeline.newsletter.issues import choose
from pipeline.settings import NewsletterSettings

NEWS = NewsletterSettings()


def ids(picked):
    return [s.id for s in picked[1]]


def test_the_first_issue_takes_the_first_scenes_in_order(dataset):
    assert ids(choose(dataset, NEWS, set(), None, 1)) == [s.id for s in dataset.scenes[:3]]


def test_featured_scenes_are_skipped(dataset):
    featured = {s.id for s in dataset.scenes[:3]}
    assert ids(choose(dataset, NEWS, featured, None, 1)) == [s.id for s in dataset.scenes[3:6]]


def test_new_scenes_come_first(dataset):
    known = {s.id for s in dataset.scenes[:-1]}  # the last scene was added since
    assert ids(choose(dataset, NEWS, set(), known, 1))[0] == dataset.scenes[-1].id


def test_when_all_are_featured_nothing_or_a_new_round(dataset):
    everything = {s.id for s in dataset.scenes}
    assert choose(dataset, NEWS, everything, None, 1) is None
    again = choose(dataset, replace(NEWS, wrap_around=True), everything, None, 1)
    assert again is not None and again[0] == 2 and ids(again)[0] == dataset.scenes[0].id


def test_published_order(dataset):
    news = replace(NEWS, order="published", scenes_per_issue=13)
    picked = choose(dataset, news, set(), None, 1)
    times = [s.published for s in picked[1]]
    assert times == sorted(times)
