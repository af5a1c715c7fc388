"""Job-board words the 大典 lacks (data/job_words.csv): the file, the readings, and what they
change in the classifier."""

from __future__ import annotations

from functools import cache
from importlib import resources

import pytest

from jobhub.occupations import classifier, taxonomy
from jobhub.occupations.classifier import TitleClassifier
from jobhub.occupations.labels import build_labels, documents
from jobhub.occupations.vocabulary import Readings, job_words


@cache
def _with_and_without() -> tuple[TitleClassifier, TitleClassifier]:
    # without the example memory on both sides: its written titles name some of these words
    return (
        TitleClassifier.fit(use_examples=False),
        TitleClassifier.fit(use_job_words=False, use_examples=False),
    )


def test_the_file_says_how_it_was_made_and_every_row_is_usable():
    header = (
        resources.files("jobhub.occupations")
        .joinpath("data", "job_words.csv")
        .read_text(encoding="utf-8")
    )
    assert "NOT built from the titles or labels of the blind evaluation sets" in header
    rows = job_words()
    assert len(rows) >= 100
    words = [w.word for w in rows]
    assert len(set(words)) == len(words)
    leaves = {o.code for o in taxonomy.leaves()}
    texts = documents(taxonomy.leaves(), build_labels(taxonomy.leaves(), use_job_words=False))
    for row in rows:
        assert bool(row.code) != bool(row.means)
        if row.code:
            assert row.code in leaves, row
        else:
            # what it stands for is the 大典's own wording: some 细类's text has each word
            assert all(any(part in t for t in texts) for part in row.means.split()), row


def test_a_reading_replaces_chinese_words_anywhere_and_latin_words_whole():
    read = Readings([("养鸡场", "家禽饲养场"), ("鸡场", "家禽场"), ("5g", "移动通信")])
    assert read.read("养鸡场饲养员") == "家禽饲养场饲养员"  # the longest word wins
    assert read.read("5g算法工程师") == "移动通信算法工程师"
    assert read.read("15g") == ""
    assert read.read("饲养员") == ""
    assert read.meanings("养鸡场 鸡场 5g") == "家禽饲养场 家禽场 移动通信"
    assert not Readings([])


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("养鸡场饲养员", "5-03-02-02"),  # 鸡 is 家禽: 家禽饲养员, not 家畜饲养员
        ("宾馆服务员 包住", "4-03-01-03"),  # 宾馆 is a 旅店
        ("钩机师傅", "6-30-05-05"),  # 钩机 is an excavator
        ("探伤工", "6-31-03-04"),  # 探伤 is 无损检测
        ("包子师傅", "4-03-02-02"),  # 中式面点
        ("扛楼工 按件", "4-02-05-01"),  # carrying loads: 搬运
        ("砧板师傅", "4-03-02-01"),  # a kitchen station, a label of 中式烹调师
        ("搓澡工", "4-10-03-04"),
        # round six, by trade family
        ("蜘蛛人", "4-09-08-01"),  # façade cleaning on ropes: 保洁员
        ("喷粉工", "6-18-03-03"),  # powder coating: 涂装工, not 制粉工
        ("香菇种植工", "5-01-02-03"),  # mushrooms are 食用菌
        ("除四害", "4-09-09-00"),  # pests: 有害生物防制员
        ("保全工", "6-31-01-02"),  # a factory's machine maintainer, not 保险保全员
        ("乳胶漆师傅", "6-29-04-01"),  # wall paint: 装饰装修工
        ("废品回收员", "4-01-04-00"),  # scrap is 再生物资
        ("商砼 搅拌楼操作工", "6-15-01-06"),  # ready-mixed concrete
    ],
)
def test_job_board_words_reach_the_trade_they_name(title, code):
    with_words, without = _with_and_without()
    best = with_words.classify(title)[0]
    assert best.code == code
    assert best.score >= classifier.CONFIDENT_SCORE
    assert without.classify(title)[0].code != code


def test_a_trade_word_is_a_label_shown_as_such():
    with_words, _ = _with_and_without()
    best = with_words.classify("美缝师傅")[0]
    assert best.code == "6-29-04-01"
    assert best.label_source == "vocab"
    assert "行业叫法" in best.explanation
