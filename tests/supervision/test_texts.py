from django.utils import translation

from supervision.texts import index_text


def test_an_index_in_words_is_rounded_as_the_tables_round_it():
    with translation.override("en"):
        assert index_text(1.6655884587592578) == "1.67"  # number_format would cut it to 1.66
    with translation.override("az"):
        assert index_text(0.714) == "0,71"
