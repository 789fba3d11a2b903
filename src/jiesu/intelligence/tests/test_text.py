"""Real input: full-width forms, emoji, HTML remnants, long and empty messages, mixed scripts."""

from jiesu.intelligence.text import MAX_CHARS, bigrams, jaccard, normalise


def test_full_width_forms_become_half_width_and_lower_case():
    assert normalise("ＡＢＣ１２３，小区") == "abc123,小区"


def test_emoji_controls_and_html_remnants_are_dropped():
    assert normalise("<p>楼道灯&nbsp;不亮😡😡</p>\u200b\x00请处理") == "楼道灯 不亮 请处理"


def test_whitespace_collapses_and_long_text_is_cut():
    assert normalise("  一\n\n二\t三  ") == "一 二 三"
    assert len(normalise("长" * (MAX_CHARS + 500))) == MAX_CHARS


def test_empty_and_none_are_empty():
    assert normalise(None) == "" and normalise("   ") == ""
    assert bigrams("") == set() and jaccard(set(), {"ab"}) == 0.0


def test_bigrams_read_letters_and_digits_of_any_script():
    assert bigrams("3栋a") == {"3栋", "栋a"}
