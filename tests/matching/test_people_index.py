"""The people index selects exactly the people the exhaustive ranking lists first.

Reference: engine.rank_candidates over every person (what matchsvc did on every request).
Index: PeopleIndex.select, then engine.rank_candidates over the selected people only. The
lists must be equal: the same people, scores, order and explanations (MatchResult equality),
ties included (people cloned under other ids tie exactly and are ordered by id).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from benchmarks.matching import synth
from jobhub.matching import people_select
from jobhub.matching.engine import rank_candidates
from jobhub.matching.index import VacancyIndex
from jobhub.matching.models import SeekerProfile, VacancyProfile
from jobhub.matching.people import PeopleIndex, PersonEntry, days_mask
from jobhub.matching.people_select import _highest
from jobhub.matching.store import IndexUnavailable


@pytest.fixture(scope="module")
def universe():
    return synth.Universe()


@pytest.fixture(scope="module")
def data(universe):
    vacancies = list(synth.vacancies(300, seed=3, universe=universe))
    # some vacancies list no skills and some people name no desired job: those pairs meet
    # through the titles the people's skills go with (profile [titles])
    vacancies = [replace(v, skills=()) if i % 6 == 0 else v for i, v in enumerate(vacancies)]
    people = [
        replace(p, desired_titles=(), occupation_codes=()) if i % 4 == 0 else p
        for i, p in enumerate(synth.seekers(1500, seed=4, universe=universe))
    ]
    rng = np.random.default_rng(5)
    # exact ties: the same person under other ids, some without a location or a travel limit
    clones = [
        replace(p, id=10_000 + i, location=None if i % 3 == 0 else p.location)
        for i, p in enumerate(people[:300])
    ]
    entries = []
    for p in people + clones:
        r = rng.random()
        days = () if r < 0.6 else tuple(int(d) for d in rng.choice(7, 3, replace=False))
        entries.append(PersonEntry(p, days_mask(list(days))))
    index = VacancyIndex.fit(vacancies)
    return vacancies, entries, index


def people_index(data, direct_limit: int | None = None) -> PeopleIndex:
    _, entries, index = data
    people = PeopleIndex.build(entries, index.model, index.vocabulary, index.profile)
    people.direct_limit = direct_limit  # 0: every selection goes through the approximation
    return people


def available(entry: PersonEntry, weekday: int) -> bool:
    return entry.days == 0 or bool(entry.days >> weekday & 1)


def exhaustive(vacancy, entries, index, limit, weekday=None):
    people = [e.seeker for e in entries if weekday is None or available(e, weekday)]
    ranked = rank_candidates(
        vacancy,
        people,
        top=limit,
        profile=index.profile,
        text_model=index.model,
        vocabulary=index.vocabulary,
    )
    return ranked if weekday is not None else [r for r in ranked if r.relevant]


def indexed(vacancy, entries, index, people, limit, weekday=None):
    """The index's list: its selection ranked from its own vectors (PeopleIndex.rank), which
    must equal rank_candidates over the same people."""
    ids = people.select(vacancy, limit, weekday=weekday)
    assert len(ids) == len(set(ids))
    by_id = {e.seeker.id: e.seeker for e in entries}
    chosen = [by_id[i] for i in ids]
    ranked = people.rank(vacancy, chosen, limit)
    assert ranked == rank_candidates(
        vacancy,
        chosen,
        top=limit,
        profile=index.profile,
        text_model=index.model,
        vocabulary=index.vocabulary,
    )
    return ranked if weekday is not None else [r for r in ranked if r.relevant]


@pytest.mark.parametrize("direct_limit", [None, 0])
@pytest.mark.parametrize("limit", [5, 100])
def test_candidates_for_vacancies_of_every_kind_equal_the_exhaustive_list(
    data, limit, direct_limit
):
    vacancies, entries, index = data
    people = people_index(data, direct_limit)
    checked = {"regular": 0, "traineeship": 0, "public_welfare": 0, "gig": 0}
    for vacancy in vacancies:
        if checked[vacancy.kind] >= 6:
            continue
        checked[vacancy.kind] += 1
        expected = exhaustive(vacancy, entries, index, limit)
        assert indexed(vacancy, entries, index, people, limit) == expected, vacancy.id
    assert min(checked.values()) == 6


def test_ties_are_listed_in_id_order_as_the_exhaustive_path_lists_them(data):
    vacancies, entries, index = data
    people = people_index(data, direct_limit=0)
    vacancy = next(v for v in vacancies if v.kind == "regular")
    expected = exhaustive(vacancy, entries, index, 300)
    scores = [r.score for r in expected]
    assert len(scores) > len(set(scores))  # the clones tie with their originals
    assert indexed(vacancy, entries, index, people, 300) == expected


@pytest.mark.parametrize("chunk", [7, 65_536])
def test_restricted_kinds_fill_with_ineligible_people_only_as_the_exhaustive_list_does(
    monkeypatch, chunk
):
    # few people: eligible people without evidence do not fill the first places, so the
    # ineligible relevant ones follow, marked eligible=False; the eligible people are
    # counted a chunk of rows at a time until there are enough (a small chunk stops early)
    monkeypatch.setattr(people_select, "_COUNT_CHUNK", chunk)
    universe = synth.Universe()
    vacancies = list(synth.vacancies(200, seed=8, universe=universe))
    entries = [PersonEntry(p) for p in synth.seekers(60, seed=9, universe=universe)]
    index = VacancyIndex.fit(vacancies)
    people = PeopleIndex.build(entries, index.model, index.vocabulary, index.profile)
    seen_ineligible = False
    for vacancy in [v for v in vacancies if v.kind in ("traineeship", "public_welfare")][:12]:
        expected = exhaustive(vacancy, entries, index, 50)
        seen_ineligible |= any(not r.eligible for r in expected)
        assert indexed(vacancy, entries, index, people, 50) == expected, vacancy.id
    assert seen_ineligible


@pytest.mark.parametrize("limit", [10, 50, 400])
def test_people_for_a_gig_equal_the_exhaustive_list_including_people_without_evidence(data, limit):
    vacancies, entries, index = data
    people = people_index(data)
    gigs = [v for v in vacancies if v.kind == "gig"][:5]
    # a gig nobody's words meet: everyone listed is there on distance or priority alone
    gigs.append(VacancyProfile(id="odd", title="龘龘", location=gigs[0].location, kind="gig"))
    gigs.append(replace(gigs[1], id="nowhere", location=None))
    for gig in gigs:
        for weekday in (0, 3):
            expected = exhaustive(gig, entries, index, limit, weekday)
            assert len(expected) == limit
            got = indexed(gig, entries, index, people, limit, weekday)
            assert got == expected, (gig.id, weekday)
    assert not any(r.relevant for r in exhaustive(gigs[-2], entries, index, limit, 0))


def test_changes_without_refit_give_the_list_of_the_changed_data(data):
    vacancies, entries, index = data
    people = people_index(data)
    vacancy = next(v for v in vacancies if v.kind == "regular")
    before = exhaustive(vacancy, entries, index, 20)
    top = before[0].seeker_id
    # the best candidate leaves, a new person just like the second one registers, the third
    # one becomes a graduate (a key-group change) and moves within ε
    changed = {e.seeker.id: e for e in entries}
    del changed[top]
    people.remove(top)
    second = changed[before[1].seeker_id]
    newcomer = PersonEntry(replace(second.seeker, id=99_999), second.days)
    changed[99_999] = newcomer
    people.upsert(newcomer)
    third = changed[before[2].seeker_id]
    promoted = PersonEntry(replace(third.seeker, key_groups=("graduate_within_2y",)), third.days)
    changed[third.seeker.id] = promoted
    people.upsert(promoted)
    people.upsert(promoted)  # twice: still one row
    now = list(changed.values())
    expected = exhaustive(vacancy, now, index, 20)
    assert top not in [r.seeker_id for r in expected]
    assert 99_999 in [r.seeker_id for r in expected]
    assert indexed(vacancy, now, index, people, 20) == expected
    assert people.key_groups(third.seeker.id) == (("graduate_within_2y",), False)
    people.compact()
    assert indexed(vacancy, now, index, people, 20) == expected


def test_ranking_from_the_index_equals_rank_candidates_in_any_input_order(data):
    vacancies, entries, index = data
    people = people_index(data)
    by_id = {e.seeker.id: e.seeker for e in entries}
    options = {"profile": index.profile, "text_model": index.model}
    options["vocabulary"] = index.vocabulary
    vacancy = next(v for v in vacancies if v.kind == "public_welfare")
    chosen = [by_id[i] for i in people.select(vacancy, 60)][::-1]
    expected = rank_candidates(vacancy, chosen, top=25, **options)
    assert people.rank(vacancy, chosen, 25) == expected
    assert any(r.explanation for r in expected)
    assert people.rank(vacancy, chosen, 0) == [] and people.rank(vacancy, [], 5) == []
    # a person the index holds with other key groups, or does not hold: rank_candidates
    other = [replace(chosen[0], key_groups=("graduate_within_2y",)), *chosen[1:]]
    assert people.rank(vacancy, other, 25) == rank_candidates(vacancy, other, top=25, **options)
    stranger = [replace(chosen[0], id=123_456_789), *chosen[1:]]
    expected = rank_candidates(vacancy, stranger, top=25, **options)
    assert people.rank(vacancy, stranger, 25) == expected


def test_saved_and_loaded_index_selects_the_same_people(tmp_path, data):
    vacancies, entries, index = data
    people = people_index(data)
    people.upsert(PersonEntry(replace(entries[0].seeker, id=77_777, skills=("叉车",))))
    people.save(tmp_path, note={"fit_id": "x"})
    loaded = PeopleIndex.load(tmp_path, index.model, index.vocabulary, index.profile)
    assert loaded.note == {"fit_id": "x"} and len(loaded) == len(people)
    for vacancy in vacancies[:20]:
        assert loaded.select(vacancy, 30) == people.select(vacancy, 30)
        if vacancy.kind == "gig":
            assert loaded.select(vacancy, 30, weekday=2) == people.select(vacancy, 30, weekday=2)
    with pytest.raises(IndexUnavailable):
        PeopleIndex.load(tmp_path / "none", index.model, index.vocabulary, index.profile)


def test_the_index_holds_no_field_the_engine_may_not_use(data):
    people = people_index(data)
    fields = set(vars(people.main)) - {"_derived"}
    assert not {"gender", "age", "birth_date", "ethnicity", "hukou"} & fields


def test_availability_days():
    assert days_mask(None) == 0 and days_mask([]) == 0
    only_monday = days_mask([0])
    assert only_monday & 1 and not only_monday >> 1 & 1
    # days that name no weekday are no day at all (``weekday() in days`` is never true)
    assert days_mask(["1", 7, True]) != 0 and days_mask(["1", 7, True]) & 0x7F == 0


def test_score_bounds_are_never_below_the_approximate_scores(data):
    # the pruning drops a row whose bound is below a k-th approximate score: a bound below
    # the row's own approximate score would drop people the exhaustive list shows
    vacancies, _, _ = data
    people = people_index(data)
    block = people.main
    checked = 0
    for vacancy in vacancies[:60]:
        req = people._request(vacancy)
        own = people._evidence(block, req)
        rows = np.flatnonzero(own > 0)
        e = own[rows].astype(np.float64)
        eligible = people.groups.eligible(vacancy.kind)
        approx, _ = people._approx(block, rows, e, req, eligible)
        linear = people._linear_bound(block, rows, e, req)
        assert (linear >= approx).all(), vacancy.id
        assert (people._near_bound(block, rows, linear, req) >= approx).all(), vacancy.id
        assert (people._bound(block, rows, e, req) >= approx).all(), vacancy.id
        checked += len(rows)
    assert checked > 1000


def test_the_best_people_are_found_when_their_bounds_rank_them_last(data):
    # many people say exactly what the vacancy says but live 55 km away and want another
    # trade; the best candidates say less but live at the workplace and want this very job.
    # By evidence alone the best rank after every look-alike: the rows scored first (the
    # probe) are all look-alikes, and the best must still come through the bound.
    vacancies, entries, index = data
    vacancy = next(
        v
        for v in vacancies
        if v.kind == "regular" and v.location and v.occupation_code and v.skills
    )
    other = next(
        v.occupation_code
        for v in vacancies
        if v.occupation_code and v.occupation_code[:4] != vacancy.occupation_code[:4]
    )
    far = replace(vacancy.location, lat=vacancy.location.lat + 0.5)
    asks = {"desired_titles": (vacancy.title,), "skills": vacancy.skills}
    alike = [
        SeekerProfile(
            50_000 + i,
            summary=vacancy.description,
            work_history=(vacancy.title,),
            location=far,
            occupation_codes=(other,),
            **asks,
        )
        for i in range(40)
    ]
    here = {"location": vacancy.location, "occupation_codes": (vacancy.occupation_code,)}
    best = [SeekerProfile(60_000 + i, **asks, **here) for i in range(3)]
    crafted = entries + [PersonEntry(p) for p in alike + best]
    people = PeopleIndex.build(crafted, index.model, index.vocabulary, index.profile)
    people.direct_limit, people.probe_limit = 0, 0  # the probe is the `limit` best bounds
    expected = exhaustive(vacancy, crafted, index, 5)
    assert {p.id for p in best} <= {r.seeker_id for r in expected}
    # the best people's bounds are below at least `limit` look-alikes' (outside the probe)
    req = people._request(vacancy)
    own = people._evidence(people.main, req)
    rows = np.flatnonzero(own > 0)
    bound = people._linear_bound(people.main, rows, own[rows].astype(np.float64), req)
    ids = people.main.ids[rows]
    lowest_best = bound[np.isin(ids, [p.id for p in best])].max()
    assert (bound[np.isin(ids, [p.id for p in alike])] > lowest_best).sum() >= 5
    assert indexed(vacancy, crafted, index, people, 5) == expected
    people.direct_limit = people.probe_limit = None
    assert indexed(vacancy, crafted, index, people, 5) == expected


def test_twins_are_the_people_who_give_the_same_facts_and_no_one_else(data):
    # the select scores one person of each twin class for all of them: a copy under another
    # id is a twin; a person differing in any one fact the score reads is not
    vacancies, entries, index = data
    base = [e.seeker for e in entries[:40] if e.seeker.location is not None][:12]
    assert len(base) == 12
    code = next(v.occupation_code for v in vacancies if v.occupation_code)
    changes = [
        {"expected_pay": 9_999},
        {"max_distance_km": 3.5},
        {"location": replace(base[2].location, lat=base[2].location.lat + 1e-6)},
        {"location": None},
        {"skills": (*base[4].skills, "叉车证")},
        {"key_groups": ("veteran",)},
        {"occupation_codes": (code,)},
        {"summary": (base[7].summary or "") + " " + vacancies[0].title},
        {"desired_titles": (*base[8].desired_titles, "仓库管理员")},
    ]
    copies = [replace(p, id=70_000 + i) for i, p in enumerate(base)]
    near = [replace(base[i], id=80_000 + i, **c) for i, c in enumerate(changes)]
    built = PeopleIndex.build(
        [PersonEntry(p) for p in base + copies + near],
        index.model,
        index.vocabulary,
        index.profile,
    )
    block = built.main
    row = {int(pid): r for r, pid in enumerate(block.ids.tolist())}
    twins = block.twins
    for p, c in zip(base, copies, strict=True):
        assert twins[row[c.id]] == twins[row[p.id]]
    for i, p in enumerate(near):
        assert twins[row[p.id]] != twins[row[base[i].id]], changes[i]
    # the evidence pass reads one row of each text class: the same terms and skill credits
    text, _ = block.text_classes
    for p, c in zip(base, copies, strict=True):
        assert text[row[c.id]] == text[row[p.id]]
    for i, p in enumerate(near):
        words_differ = {"skills", "summary", "desired_titles"} & set(changes[i])
        assert (text[row[p.id]] != text[row[base[i].id]]) == bool(words_differ), changes[i]
    # twins score the same for every vacancy (or are both out of reach), by the engine itself
    compared = 0
    for vacancy in vacancies[:20]:
        ranked = rank_candidates(
            vacancy,
            base + copies,
            top=len(base) * 2,
            profile=index.profile,
            text_model=index.model,
            vocabulary=index.vocabulary,
        )
        score = {r.seeker_id: r.score for r in ranked}
        assert all(score.get(p.id) == score.get(c.id) for p, c in zip(base, copies, strict=True))
        compared += sum(p.id in score for p in base)
    assert compared > 20


@pytest.mark.parametrize("limit", [7, 30])
def test_many_copies_tied_at_the_last_place_are_cut_by_id_as_the_exhaustive_list_cuts(data, limit):
    # a street's centre as everyone's home point and the same desired job make whole
    # classes of people who score the same: the limit cuts through a class, by id
    vacancies, entries, index = data
    vacancy = next(v for v in vacancies if v.kind == "regular" and v.location)
    ranked = exhaustive(vacancy, entries, index, 10)
    top = [e.seeker for e in entries if e.seeker.id in {r.seeker_id for r in ranked[:4]}]
    copies = [
        PersonEntry(replace(p, id=(90_000 + 37 * k + i) if k % 2 else (100 + k * 10 + i)))
        for k in range(25)
        for i, p in enumerate(top)
    ]
    crowded = [e for e in entries if e.seeker.id >= 1_000] + copies
    expected = exhaustive(vacancy, crowded, index, limit)
    scores = [r.score for r in expected]
    assert len(set(scores)) < len(scores) / 5  # whole classes tie
    for direct, probe in ((0, 0), (0, None), (None, None)):
        people = PeopleIndex.build(crowded, index.model, index.vocabulary, index.profile)
        people.direct_limit, people.probe_limit = direct, probe
        assert indexed(vacancy, crowded, index, people, limit) == expected


def test_a_feature_is_found_the_same_by_binary_search_and_by_marks(data):
    # has_feature marks the feature's rows once it is asked about many rows
    people = people_index(data)
    block = people.main
    many = np.concatenate([np.arange(block.n)] * (2_048 // block.n + 1))
    assert len(many) >= 2_048
    for name in ("Q", "C", "K"):
        width = block.postings(name).shape[0]
        for feature in (-1, 0, width // 2, width - 1, width + 5):
            marked = block.has_feature(name, feature, many)
            searched = np.concatenate(
                [
                    block.has_feature(name, feature, many[i : i + 500])
                    for i in range(0, len(many), 500)
                ]
            )
            assert (marked == searched).all(), (name, feature)
        assert block.has_feature(name, width // 2, many).any() or width == 0


@pytest.mark.parametrize("shape", ["random", "ties", "steps"])
def test_the_probe_takes_at_least_k_of_the_highest_values(shape):
    rng = np.random.default_rng(5)
    n, k = 400_000, 1_000
    values = {
        "random": rng.random(n),
        "ties": np.full(n, 0.5),  # every value the k-th: a sample cannot split them
        "steps": np.repeat(rng.random(n // 4_000), 4_000),  # long runs of equal values
    }[shape]
    found = _highest(values, k)
    assert k <= len(found) <= 16 * k and (np.diff(found) > 0).all()
    # a top set: everything above its lowest member is in it (so its k-th is the k-th)
    assert set(np.flatnonzero(values > values[found].min())) <= set(found.tolist())
    assert np.sort(values[found])[-k] == np.sort(values)[-k]
