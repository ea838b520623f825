"""The template filters that name zones and the reasons a complaint counted or not."""

import pytest
from django.utils import translation

from complaints.counting import Reason
from complaints.models import REASON_LABELS
from complaints.templatetags.complaint_labels import reason_label, zone_label


def test_every_reason_has_one_label():
    assert set(REASON_LABELS) == set(Reason)
    with translation.override("en"):
        assert reason_label("repeat") == "Not counted: repeat of an earlier complaint"
        assert reason_label("flagged_repeat") == "Not counted: marked as a repeat"
        assert reason_label("category_excluded") == "Not counted: category outside the index"
        assert reason_label("counted") == "Counted"


@pytest.mark.parametrize(
    ("language", "label"), [("az", "Sarı"), ("en", "Yellow"), ("ru", "Жёлтая")]
)
def test_a_zone_is_named_in_the_language(language, label):
    with translation.override(language):
        assert zone_label("yellow") == label
