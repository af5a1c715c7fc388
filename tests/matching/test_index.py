"""VacancyIndex: exact online top-k, save/load, and updates without refitting."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from jobhub.matching.engine import rank_vacancies
from jobhub.matching.index import SearchFilters, VacancyIndex
from jobhub.matching.models import GeoPoint, SeekerProfile, VacancyProfile

TRADES = [
    # title, description words, skills, code
    (
        "物业电工",
        "小区配电房巡检 照明线路维修 设备保养",
        ("低压电工作业证", "办公软件"),
        "6-31-01-03",
    ),
    ("电焊工", "钢结构焊接 氩弧焊 二保焊 图纸识读", ("焊工证", "氩弧焊"), "6-18-02-04"),
    ("叉车司机", "仓库货物装卸 叉车作业 出入库盘点", ("叉车证",), "6-30-05-01"),
    ("保洁员", "写字楼公共区域保洁 垃圾分类", ("保洁",), "4-09-08-01"),
    ("养老护理员", "失能老人生活照料 协助翻身 喂饭 清洁", ("养老护理员证", "健康证"), "4-10-01-05"),
    ("家政服务员", "家庭保洁 做饭 照看老人", ("家政", "健康证"), "4-10-01-06"),
    ("中式烹调师", "川菜炒锅 食材切配 厨房卫生", ("中式烹调师", "健康证"), "4-03-02-01"),
    ("收银员", "超市收银 商品扫码 对账", ("收银",), "4-01-02-04"),
    ("快递员", "片区快件派送 揽收 电动车", ("电动车驾驶",), "4-02-07-08"),
    ("软件开发工程师", "后端开发 接口设计 数据库优化", ("Python", "MySQL"), "2-02-10-03"),
]
KINDS = ("regular", "regular", "regular", "gig", "public_welfare", "traineeship")
CENTER = (30.66, 104.06)


def make_vacancies(
    n: int, seed: int = 0, start: int = 0, no_skills: float = 0.0
) -> list[VacancyProfile]:
    """`no_skills`: the share listing no skills (met through their titles by a person who
    names no desired job, profile [titles])."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        title, words, skills, code = TRADES[rng.integers(len(TRADES))]
        extra = " ".join(rng.choice(words.split(), size=2))
        out.append(
            VacancyProfile(
                id=start + i,
                title=title if rng.random() < 0.7 else f"急招{title}",
                description=f"{words} {extra} 第{rng.integers(1, 9)}班组",
                skills=()
                if no_skills and rng.random() < no_skills
                else tuple(skills[: rng.integers(1, len(skills) + 1)]),
                location=GeoPoint(
                    CENTER[0] + rng.normal(scale=0.04), CENTER[1] + rng.normal(scale=0.04)
                )
                if rng.random() < 0.95
                else None,
                kind=KINDS[rng.integers(len(KINDS))],
                occupation_code=code if rng.random() < 0.9 else None,
            )
        )
    return out


def make_seekers(n: int, seed: int = 1) -> list[SeekerProfile]:
    rng = np.random.default_rng(seed)
    groups = [(), (), ("veteran",), ("employment_difficulty",), ("graduate_within_2y",)]
    out = []
    for i in range(n):
        title, words, skills, code = TRADES[rng.integers(len(TRADES))]
        # a quarter give skills and no desired job
        skills_only = bool(rng.random() < 0.25)
        out.append(
            SeekerProfile(
                id=f"s{i}",
                skills=skills[:1],
                desired_titles=() if skills_only else (title,),
                summary=f"做过{words.split()[0]}",
                location=GeoPoint(
                    CENTER[0] + rng.normal(scale=0.04), CENTER[1] + rng.normal(scale=0.04)
                )
                if rng.random() < 0.9
                else None,
                max_distance_km=[None, None, 3.0, 8.0][rng.integers(4)],
                key_groups=groups[rng.integers(len(groups))],
                occupation_codes=(code,) if rng.random() < 0.8 and not skills_only else (),
                registered_unemployed_youth=bool(rng.random() < 0.1),
            )
        )
    return out


@pytest.fixture(scope="module")
def data():
    return make_vacancies(400, no_skills=1 / 6)


@pytest.fixture(scope="module")
def index(data):
    return VacancyIndex.fit(data)


def as_ids(results):
    return [r.vacancy_id for r in results]


def reference(seeker, vacancies, model, k, eligible_only=False):
    """The stateless ranking with the same model; the index lists only relevant rows."""
    ranked = [
        r
        for r in rank_vacancies(seeker, vacancies, top=len(vacancies), text_model=model)
        if r.relevant
    ]
    if eligible_only:
        ranked = [r for r in ranked if r.eligible]
    return ranked[:k]


@pytest.mark.parametrize("gather_limit", [0, 10**9], ids=["postings path", "row-by-row path"])
def test_online_top_k_is_exact(data, index, gather_limit):
    index.gather_limit = gather_limit
    try:
        for seeker in make_seekers(25):
            got = index.top_for_seeker(seeker, 10)
            want = reference(seeker, data, index.model, 10)
            assert as_ids(got) == as_ids(want), seeker
            np.testing.assert_allclose([r.score for r in got], [r.score for r in want], atol=1e-6)
            assert [r.explanation for r in got] == [r.explanation for r in want]
    finally:
        index.gather_limit = None


def test_filters(data, index):
    seeker = SeekerProfile(
        id="carer",
        desired_titles=("养老护理员", "家政服务员", "快递员"),
        skills=("健康证",),
        location=GeoPoint(*CENTER),
    )
    for result in index.top_for_seeker(seeker, 20, SearchFilters(kinds=("gig",))):
        assert next(v for v in data if v.id == result.vacancy_id).kind == "gig"
    near = index.top_for_seeker(seeker, 50, SearchFilters(max_distance_km=2.0))
    assert near and all(r.distance_km is None or r.distance_km <= 2.0 for r in near)
    by_code = index.top_for_seeker(seeker, 50, SearchFilters(occupation_prefix="4-10"))
    codes = {v.id: v.occupation_code for v in data}
    assert by_code and all((codes[r.vacancy_id] or "").startswith("4-10") for r in by_code)
    eligible_only = index.top_for_seeker(seeker, 400, SearchFilters(include_ineligible=False))
    assert all(r.eligible for r in eligible_only)


def test_save_and_load_give_the_same_answers(tmp_path, index):
    index.save(tmp_path / "idx")
    loaded = VacancyIndex.load(tmp_path / "idx")
    assert len(loaded) == len(index)
    for seeker in make_seekers(10, seed=7):
        a, b = index.top_for_seeker(seeker, 10), loaded.top_for_seeker(seeker, 10)
        assert as_ids(a) == as_ids(b)
        assert [r.score for r in a] == [r.score for r in b]
    [version] = (tmp_path / "idx" / "versions").iterdir()
    assert sorted(p.name for p in version.iterdir()) == [
        "index.json",
        "index.npz",
        "manifest.json",
        "text_idf.npy",
        "text_model.json",
        "text_titles.json",  # which titles go with which skills (titles.py)
        "text_titles.npz",
    ]


def test_a_damaged_or_unfinished_index_is_passed_over_for_the_last_complete_one(tmp_path, data):
    from jobhub.matching.store import IndexUnavailable

    first = VacancyIndex.fit(data[:100])
    first.save(tmp_path, note={"rows_read_at": "2026-12-01T00:00:00+00:00"})
    second = VacancyIndex.fit(data)
    second.save(tmp_path)
    assert len(VacancyIndex.load(tmp_path)) == len(data)
    current = (tmp_path / "CURRENT").read_text()
    model = tmp_path / "versions" / current / "text_model.json"
    model.write_text(model.read_text()[:100])  # truncated, as a crash or a full disk leaves it
    loaded = VacancyIndex.load(tmp_path)
    assert len(loaded) == 100  # the previous complete version, with its note
    assert loaded.note == {"rows_read_at": "2026-12-01T00:00:00+00:00"}
    # a rebuild that died before its manifest: never current, never loaded
    (tmp_path / "versions" / "99991231T000000000000-dead").mkdir()
    (tmp_path / "versions" / "99991231T000000000000-dead" / "index.json").write_text("{")
    assert len(VacancyIndex.load(tmp_path)) == 100
    for path in (tmp_path / "versions").iterdir():
        for f in path.iterdir():
            f.write_bytes(b"")
    with pytest.raises(IndexUnavailable):
        VacancyIndex.load(tmp_path)


def test_text_no_file_can_encode_is_written_and_read_back(tmp_path, data):
    odd = VacancyProfile(id="odd", title="保洁员\ud800", skills=("幕墙\udfff清洗",))
    index = VacancyIndex.fit([*data[:50], odd])
    index.save(tmp_path)
    assert "odd" in VacancyIndex.load(tmp_path)


def test_upsert_and_remove_without_refit_equal_a_rebuild(data):
    index = VacancyIndex.fit(data)
    fitted_terms = list(index.model.terms)
    new = make_vacancies(30, seed=9, start=10_000)  # same trades: their words are known
    edited = replace(
        data[3], title="物业电工", description="配电房值班 电梯巡检", skills=("电工证",)
    )
    for v in new:
        index.upsert(v)
    index.upsert(edited)
    for v in data[10:40]:
        assert index.remove(v.id)
    assert not index.remove("no-such-id")
    assert index.model.terms == fitted_terms  # nothing was refitted
    final = [edited if v.id == edited.id else v for v in data if not 10 <= data.index(v) < 40] + new
    rebuilt = VacancyIndex.build(final, index.model)
    assert len(index) == len(rebuilt) == len(final)
    for seeker in make_seekers(20, seed=3):
        a, b = index.top_for_seeker(seeker, 10), rebuilt.top_for_seeker(seeker, 10)
        assert as_ids(a) == as_ids(b)
        np.testing.assert_allclose([r.score for r in a], [r.score for r in b], atol=1e-6)
    index.compact()
    for seeker in make_seekers(5, seed=4):
        assert as_ids(index.top_for_seeker(seeker, 10)) == as_ids(
            rebuilt.top_for_seeker(seeker, 10)
        )


def test_an_edit_twice_then_another_closed_keeps_the_edited_vacancy(data):
    """Editing A twice and then closing B (all in the delta) must leave A findable and B gone:
    closing re-points the rows that moved up when the delta dropped A's old row."""
    index = VacancyIndex.fit(data[:200])
    a, b = data[200], data[201]
    index.upsert(a)
    index.upsert(b)
    index.upsert(replace(a, title=a.title + "（急招）"))
    assert index.remove(b.id)
    rebuilt = VacancyIndex.build([*data[:200], replace(a, title=a.title + "（急招）")], index.model)
    assert len(index) == len(rebuilt)
    for seeker in make_seekers(30, seed=21):
        found = as_ids(index.top_for_seeker(seeker, 10))
        assert b.id not in found
        assert found == as_ids(rebuilt.top_for_seeker(seeker, 10))
    alive = {
        vid for blk in index.segments for vid, ok in zip(blk.ids, blk.alive, strict=True) if ok
    }
    assert alive == {v.id for v in data[:200]} | {a.id}
    assert not index.remove(b.id) and index.remove(a.id)


def test_upserted_vacancy_ranks_where_a_full_refit_puts_it():
    data = make_vacancies(400)  # every vacancy lists skills
    """For a document whose words the model knows, the incremental index and a refit on the
    same data agree on where it ranks."""
    index = VacancyIndex.fit(data)
    star = VacancyProfile(
        id="star",
        title="物业电工",
        description="小区配电房巡检 照明线路维修",
        skills=("低压电工作业证",),
        location=GeoPoint(*CENTER),
        occupation_code="6-31-01-03",
    )
    index.upsert(star)
    refit = VacancyIndex.fit([*data, star])
    seeker = SeekerProfile(
        id="e",
        skills=("电工证",),
        desired_titles=("物业电工",),
        summary="小区配电房巡检",
        location=GeoPoint(*CENTER),
        occupation_codes=("6-31-01-03",),
    )
    assert index.top_for_seeker(seeker, 1)[0].vacancy_id == "star"
    assert as_ids(index.top_for_seeker(seeker, 5)) == as_ids(refit.top_for_seeker(seeker, 5))


def test_upsert_with_unseen_skill_grows_the_skill_space():
    data = make_vacancies(400)  # every vacancy lists skills
    index = VacancyIndex.fit(data)
    odd = VacancyProfile(
        id="odd", title="保洁员", skills=("高空玻璃幕墙清洗",), location=GeoPoint(*CENTER)
    )
    index.upsert(odd)
    seeker = SeekerProfile(
        id="g", skills=("高空玻璃幕墙清洗",), desired_titles=("保洁员",), location=GeoPoint(*CENTER)
    )
    top = index.top_for_seeker(seeker, 3)
    # the one listed skill, new to the index, matched exactly (one of one listed counts as one
    # of min_count = 2)
    assert top[0].vacancy_id == "odd" and top[0].parts.skills == pytest.approx(1 / 2)
    assert top[0].matched_skills == (("高空玻璃幕墙清洗", "高空玻璃幕墙清洗"),)
