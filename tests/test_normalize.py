"""Normalisation: the fast fold gives exactly what one character-by-character mapping gives."""

from __future__ import annotations

import random

from gongkai.normalize import _FOLD, fold, normalise, simplify


def _reference(text: str) -> str:
    """The definition of folding: each character through the mapping, one for one."""
    return "".join(chr(_FOLD.get(ord(ch), ord(ch))) for ch in text)


def test_fold_maps_every_foldable_character_and_keeps_the_rest() -> None:
    every = "".join(chr(c) for c in sorted(_FOLD))
    text = "表三：本年新收（一）\u3000" + every + "政府信息公开１２３\t|—/" + every[::-1]
    out = fold(text)
    assert out == _reference(text)
    assert len(out) == len(text)
    assert "本年新收(一) " in out and "123" in out and "\u3000" not in out


def test_fold_agrees_with_the_mapping_on_random_text() -> None:
    # CJK, full-width forms, ASCII and the look-alike spaces and dashes, in every mix
    alphabet = [chr(c) for c in sorted(_FOLD)] + list("政府信息公开申请件数量、。 \t\n0123456789,.-|") + ["\u2014", "\uff5f"]
    rng = random.Random(11)
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert fold(text) == _reference(text)


def test_fold_of_text_with_nothing_to_fold_is_the_text() -> None:
    text = "二、收到和处理政府信息公开申请情况\n本年新收 12 3 0"
    assert fold(text) is text
    assert normalise(text) == text


def test_normalise_is_simplify_after_fold_in_one_scan() -> None:
    # a traditional hint before, between and after foldable characters, or none at all
    texts = ["政府資訊公開：１２件（一）", "（一）：１２報告", "（一）１２\n報告", "本年新收１２件，無", "資訊", "",
             "二○二二年度政府信息公開工作年度報告\n（一）\t12\t３"]
    rng = random.Random(7)
    alphabet = list("（）：，１２３\u3000政府資訊報開信息公开年度\n\t 12")
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(300)]
    for text in texts:
        out = normalise(text)
        assert out == simplify(fold(text)), text
        assert len(out) == len(text)
    assert normalise("政府資訊公開：１２件") == "政府资讯公开:12件"
