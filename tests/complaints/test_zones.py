"""One vocabulary of zones: order, names in each language and colours."""

import pytest
from django.template import Context, Template
from django.utils import translation

from complaints.index import Zone
from complaints.zones import (
    BAND_COLOURS,
    BAR_COLOURS,
    ORDER,
    zone_counts,
    zone_label,
    zone_labels,
    zone_rank,
)

NAMES = {
    "az": ["Qırmızı", "Sarı", "Yaşıl"],
    "en": ["Red", "Yellow", "Green"],
    "ru": ["Красная", "Жёлтая", "Зелёная"],
}


def test_the_worst_zone_comes_first():
    assert ORDER == (Zone.RED, Zone.YELLOW, Zone.GREEN)
    assert sorted(["green", "red", "yellow"], key=zone_rank) == ["red", "yellow", "green"]
    assert set(BAND_COLOURS) == set(BAR_COLOURS) == set(Zone)


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_names_follow_the_language(language):
    with translation.override(language):
        assert list(zone_labels().values()) == NAMES[language]
        assert [zone_label(zone) for zone in ("red", "yellow", "green")] == NAMES[language]
    assert list(zone_labels()) == ["red", "yellow", "green"]


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_badge_shows_the_zones_name(language):
    badge = Template('{% include "complaints/_zone_badge.html" with zone=zone %}')
    with translation.override(language):
        html = badge.render(Context({"zone": "yellow"}))
    assert html.strip() == f'<span class="zone zone-yellow">{NAMES[language][1]}</span>'


def test_counts_list_every_zone_the_worst_first():
    assert zone_counts(["green", "red", "green"]) == {"red": 1, "yellow": 0, "green": 2}
    assert list(zone_counts([])) == ["red", "yellow", "green"]
