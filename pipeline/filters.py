"""What templates can call: the filters and tests of every environment (`pipeline.templating`).

Filters do what templates are bad at: wrapping to a width without trailing spaces, numbers
with units and a conversion for readers in the other system, the reality check's sentences,
credits and corrections in the article's words.
"""

from __future__ import annotations

from pipeline import rich
from pipeline.reality import (
    check,
    claim_sentence,
    reality_line,
    statement,
    verdict_word,
    why_sentence,
)
from pipeline.wording import (
    amount,
    claim_line,
    compilation,
    conversion,
    correction_label,
    correction_line,
    credits,
    film_line,
    long_date,
    person_line,
    quantity,
    stated,
    with_conversions,
)
from pipeline.wrapping import underline, wrap

FILTERS = {
    "wrap": wrap,
    "quantity": quantity,
    "amount": amount,
    "conversion": conversion,
    "long_date": long_date,
    "claim": claim_line,
    "reality": reality_line,
    "films": film_line,
    "people": person_line,
    "underline": underline,
    "credits": credits,
    "sentence": claim_sentence,
    "statement": statement,
    "verdict": check,
    "unbroken": rich.unbroken,
    "verdict_word": verdict_word,
    "why_sentence": why_sentence,
    "compilation": compilation,
    "cast_line": rich.cast_line,
    "heading": rich.heading_text,
    "blurb": with_conversions,
    "correction": correction_line,
    "correction_label": correction_label,
    "correction_text": rich.correction_text,
}
MARKUP_FILTERS = {
    "films": rich.films_html,
    "credits": rich.credits_html,
    "heading": rich.heading_html,
    "blurb": rich.blurb_html,
    "correction_text": rich.correction_html,
}
"""In a markup environment (the page, the email's HTML), the same filters with titles of
works in <cite>: a template that prints `scene.films | films` gets italics for free."""
TESTS = {"stated_in": lambda claim, scene: stated(scene, claim)}
"""`claim is stated_in(scene)`: the scene's blurb gives the claim's number already."""
