"""Explanations speak words a person recognises."""

from jobhub.matching.explain import _occupation_names, explain_text
from jobhub.matching.tokenizer import is_readable_word


def test_text_explanation_drops_fragments_of_longer_shared_words():
    phrase = explain_text(0.48, ["数据分析", "数据", "据分", "分析"])
    assert phrase == "文字相近 48%：共同关键词 数据分析"


def test_filler_words_are_never_shown_as_shared_keywords():
    assert not is_readable_word("做")
    assert not is_readable_word("负责")
    assert not is_readable_word("2024")
    assert is_readable_word("电工")


def test_a_zero_text_part_does_not_claim_the_texts_share_no_word():
    assert explain_text(0.0, []) == "文字相近 0%：没有计分的共同关键词（很常见的词不计分）"


def test_occupation_names_have_no_taxonomy_markers():
    names = _occupation_names()
    assert names["4-07-02-05"] == "商务数据分析师"


def test_a_shared_rank_word_is_said_to_count_less():
    generic = ("工程师", "专员")
    assert explain_text(0.31, ["配电", "工程师"], generic, 0.3) == (
        "文字相近 31%：共同关键词 配电、工程师；职级、职位称谓类用词按 30% 计：工程师"
    )
    # a word counted in full is not flagged, and a profile that weighs them fully says nothing
    assert explain_text(0.31, ["配电"], generic, 0.3) == "文字相近 31%：共同关键词 配电"
    assert explain_text(0.31, ["配电", "工程师"], generic, 1.0) == (
        "文字相近 31%：共同关键词 配电、工程师"
    )


def test_the_explanation_of_a_ranked_pair_flags_the_rank_word_it_shares():
    from jobhub.matching import VacancyIndex
    from jobhub.matching.models import SeekerProfile, VacancyProfile

    vacancies = [
        VacancyProfile(id="java", title="java工程师", skills=("java", "spring")),
        VacancyProfile(id="weld", title="焊工", skills=("氩弧焊",)),
        VacancyProfile(id="clean", title="保洁员", skills=("保洁",)),
    ]
    person = SeekerProfile(id="p", desired_titles=("配电工程师",), skills=("java",))
    (top,) = VacancyIndex.fit(vacancies).top_for_seeker(person, k=1)
    assert top.vacancy_id == "java"
    line = top.explanation[0]
    assert line.startswith(f"文字相近 {round(top.parts.text * 100)}%：共同关键词 ")
    assert line.endswith("；职级、职位称谓类用词按 30% 计：工程师")


def test_what_a_person_says_they_lack_is_neither_evidence_nor_a_shared_keyword():
    from jobhub.matching import VacancyIndex, rank_vacancies
    from jobhub.matching.models import SeekerProfile, VacancyProfile
    from jobhub.matching.normalize import affirmed

    assert (
        affirmed("在汽配厂做二保焊两年，没有焊工证，想考证。")
        == "在汽配厂做二保焊两年， ，想考证。"
    )
    assert affirmed("没考过证但会开叉车") == " 但会开叉车"  # the turn back is kept
    assert affirmed("不会电脑也不会英语，能吃苦") == " 也 ，能吃苦"
    assert affirmed("无人机飞手，未来想做测绘") == "无人机飞手，未来想做测绘"  # not negations

    vacancies = [
        VacancyProfile(id="weld", title="焊工", description="持焊工证上岗", skills=("焊工证",)),
        VacancyProfile(id="clean", title="保洁员", skills=("保洁",)),
    ]
    index = VacancyIndex.fit(vacancies)
    lacks = SeekerProfile(id="a", summary="没有焊工证，想学保洁")
    has = SeekerProfile(id="b", summary="有焊工证，想学保洁")
    for person in (lacks, has):
        online = {r.vacancy_id: r for r in index.top_for_seeker(person, k=5)}
        exhaustive = {
            r.vacancy_id: r
            for r in rank_vacancies(
                person,
                vacancies,
                text_model=index.model,
                vocabulary=index.vocabulary,
                profile=index.profile,
            )
        }
        weld = exhaustive["weld"]
        if person is lacks:
            assert "焊工证" not in weld.explanation[0] and weld.parts.text == 0
            assert "weld" not in online  # no evidence of fit: not recommended
        else:
            assert "焊工证" in weld.explanation[0] and weld.parts.text > 0
            assert online["weld"].score == weld.score
