"""LIX on examples counted by hand: words / sentences + 100 * long words (> 6 letters) / words."""

from __future__ import annotations

import pytest

from domain.lix import Readability, lix, readability


def test_a_short_plain_sentence() -> None:
    # 5 words, 1 sentence, no long words: 5 / 1 + 0
    assert readability("Det er en god dag.") == Readability(words=5, long_words=0, sentences=1)
    assert lix("Det er en god dag.") == 5.0


def test_long_words_have_more_than_six_letters() -> None:
    # Sommerferien (12) and begynder (8) are long; glæder has exactly six letters and is not.
    # 7 words, 2 sentences, 2 long: 7 / 2 + 100 * 2 / 7 = 3.5 + 28.57
    text = "Sommerferien begynder snart. Vi glæder os meget."
    assert readability(text) == Readability(words=7, long_words=2, sentences=2)
    assert lix(text) == pytest.approx(32.07, abs=0.01)


def test_a_hard_official_sentence_scores_high() -> None:
    # 12 words in 1 sentence; all but "efter" and "af" are long: 12 + 100 * 10 / 12 = 95.3
    text = (
        "Ansøgningen behandles efter gældende retningslinjer vedrørende "
        "økonomisk trangsvurdering af husstandens samlede indtægtsforhold."
    )
    assert readability(text) == Readability(words=12, long_words=10, sentences=1)
    assert lix(text) == pytest.approx(95.33, abs=0.01)


def test_question_and_exclamation_marks_end_sentences() -> None:
    # 7 words in 3 sentences, one long (postnummer): 7 / 3 + 100 / 7 = 2.33 + 14.29
    assert lix("Hvor bor du? Skriv dit postnummer! Tak.") == pytest.approx(16.62, abs=0.01)


def test_lines_of_a_chat_message_count_as_sentences() -> None:
    text = "Du kan få:\n• tøj\n• sko"
    assert readability(text) == Readability(words=5, long_words=0, sentences=3)


def test_markup_and_placeholders_are_not_read_as_words() -> None:
    text = "<b>Tak</b> for din besked. Dit nummer er {reference}."
    assert readability(text) == Readability(words=7, long_words=0, sentences=2)


def test_decimal_points_and_times_do_not_end_sentences() -> None:
    # "kl." is a full stop to LIX, which only counts marks; "10.30" is one word, no full stop.
    assert readability("Kom kl. 10.30 i morgen") == Readability(5, 0, 2)
    assert readability("Prisen er 10.30 kroner") == Readability(4, 0, 1)


def test_empty_text_scores_zero() -> None:
    assert lix("") == 0.0
    assert lix("  \n ") == 0.0
