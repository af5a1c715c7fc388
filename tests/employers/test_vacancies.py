"""Vacancies: posting review on every create and edit, the staff queue, the lifecycle."""

from __future__ import annotations

from jobhub import occupations
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.occupations.classifier import CONFIDENT_SCORE
from jobhub.reviews.models import PostingReview
from jobhub.security.models import AuditEvent
from tests.seekers.helpers import post_vacancy, vacancy_form

REJECTED = "负责仓库收发货，仅限男性，需吃苦耐劳。"
WARNED = "负责仓库收发货，年龄35岁以下。"


def _vacancy(app, vid) -> Vacancy:
    with app.app_context():
        v = db.session.get(Vacancy, vid)
        db.session.expunge(v)
        return v


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_clean_posting_is_published_and_coded(app, people):
    client, org_id = people.employer()
    vid = post_vacancy(client)
    vacancy = _vacancy(app, vid)
    assert vacancy.status == "published" and vacancy.organisation_id == org_id
    assert vacancy.occupation_code  # coded by the classifier from the title
    page = client.get(f"/employer/vacancies/{vid}").get_data(as_text=True)
    assert "招聘中" in page and vacancy.occupation_code in page


def test_a_rejected_wording_is_not_saved_and_the_words_are_highlighted(app, people):
    client, _ = people.employer()
    response = client.post(
        "/employer/vacancies/new", data=vacancy_form(title="仓管员", description=REJECTED)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "审核未通过，岗位没有保存" in page
    assert '<mark class="finding reject"' in page and ">仅限男性</mark>" in page
    assert "依据" in page
    assert _count(app, Vacancy) == 0
    assert _count(app, PostingReview) == 1  # the review itself is on record
    # Following the message: remove the words, submit again, published.
    fixed = vacancy_form(title="仓管员", description="负责仓库收发货，需吃苦耐劳。")
    assert client.post("/employer/vacancies/new", data=fixed).status_code == 302
    assert _count(app, Vacancy) == 1


def test_a_warned_posting_needs_a_justification_then_waits_for_staff(app, people, accounts):
    client, _ = people.employer()
    first = client.post("/employer/vacancies/new", data=vacancy_form(description=WARNED))
    assert "请在“情况说明”中写明理由" in first.get_data(as_text=True)
    assert _count(app, Vacancy) == 0
    vid = post_vacancy(client, description=WARNED, justification="岗位需夜间高空作业，依安全规程")
    vacancy = _vacancy(app, vid)
    assert vacancy.status == "pending_review"
    assert vacancy.justification == "岗位需夜间高空作业，依安全规程"

    admin = accounts.client_for("admin")
    queue = admin.get("/employer/review").get_data(as_text=True)
    assert "依安全规程" in queue and ">年龄35岁以下</mark>" in queue
    no_reason = admin.post(
        f"/employer/review/{vid}", data={"decision": "publish"}, follow_redirects=True
    )
    assert "请填写审核理由" in no_reason.get_data(as_text=True)
    assert _vacancy(app, vid).status == "pending_review"
    admin.post(f"/employer/review/{vid}", data={"decision": "publish", "reason": "理由充分"})
    assert _vacancy(app, vid).status == "published"
    with app.app_context():
        event = db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "decide_vacancy_review")
        ).scalar_one()
        assert event.subject_id == vid and "理由充分" in event.purpose


def test_editing_reviews_again_and_a_rejected_edit_keeps_the_old_text(app, people):
    client, _ = people.employer()
    vid = post_vacancy(client)
    response = client.post(
        f"/employer/vacancies/{vid}/edit", data=vacancy_form(description=REJECTED)
    )
    assert "审核未通过" in response.get_data(as_text=True)
    vacancy = _vacancy(app, vid)
    assert vacancy.status == "published" and "仅限男性" not in vacancy.description
    client.post(f"/employer/vacancies/{vid}/edit", data=vacancy_form(title="数据分析专员"))
    assert _vacancy(app, vid).title == "数据分析专员"


def test_field_errors_name_the_field(app, people):
    client, _ = people.employer()
    page = client.post(
        "/employer/vacancies/new",
        data=vacancy_form(
            headcount="0", salary_min="9000", salary_max="8000", valid_until="2020-01-01"
        ),
    ).get_data(as_text=True)
    assert "招聘人数应为 1 到 10000 之间的整数" in page
    assert "最高薪资不能低于最低薪资" in page
    assert "有效期不能早于" in page
    assert _count(app, Vacancy) == 0


def test_pause_resume_close(app, people):
    client, _ = people.employer()
    vid = post_vacancy(client)
    client.post(f"/employer/vacancies/{vid}/status", data={"action": "pause"})
    assert _vacancy(app, vid).status == "paused"
    client.post(f"/employer/vacancies/{vid}/status", data={"action": "resume"})
    assert _vacancy(app, vid).status == "published"
    client.post(f"/employer/vacancies/{vid}/status", data={"action": "close"})
    assert _vacancy(app, vid).status == "closed"
    page = client.post(
        f"/employer/vacancies/{vid}/status", data={"action": "resume"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "不能执行该操作" in page


def test_another_organisations_vacancy_is_not_found(app, people):
    owner, _ = people.employer()
    vid = post_vacancy(owner)
    stranger, _ = people.employer()
    assert stranger.get(f"/employer/vacancies/{vid}").status_code == 404
    assert (
        stranger.post(f"/employer/vacancies/{vid}/status", data={"action": "close"}).status_code
        == 404
    )
    assert stranger.get(f"/employer/vacancies/{vid}/candidates").status_code == 404
    assert _vacancy(app, vid).status == "published"


def test_employers_cannot_post_public_welfare_but_the_bureau_can_for_a_public_employer(
    app, people, accounts
):
    client, _ = people.employer()
    page = client.post("/employer/vacancies/new", data=vacancy_form(kind="public_welfare"))
    assert "岗位类型应为以下之一：普通岗位、就业见习岗位" in page.get_data(as_text=True)
    _public_client, public_org = people.employer(public=True)
    private_client, private_org = people.employer()
    admin = accounts.client_for("admin")
    refused = admin.post(
        "/employer/public-welfare/new",
        data=vacancy_form(kind="public_welfare", organisation_id=str(private_org)),
    )
    assert "公共用人单位" in refused.get_data(as_text=True)
    form = vacancy_form(
        kind="public_welfare",
        organisation_id=str(public_org),
        title="社区环境巡查员",
        description="负责社区环境巡查和文明劝导。",
    )
    # the classifier is unsure of this title: the form asks to choose among its candidates
    unsure = admin.post("/employer/public-welfare/new", data=form).get_data(as_text=True)
    assert "无法从岗位名称确定职业" in unsure
    with app.app_context():
        # the form reads the description too (industry hints)
        candidates = occupations.classify(
            "社区环境巡查员", top=5, description="负责社区环境巡查和文明劝导。"
        )
    assert candidates[0].score < CONFIDENT_SCORE
    for c in candidates:
        assert f'<option value="{c.code}">' in unsure
    chosen = {**form, "occupation_code": candidates[0].code}
    response = admin.post("/employer/public-welfare/new", data=chosen)
    assert response.status_code == 302
    with app.app_context():
        v = db.session.execute(db.select(Vacancy)).scalar_one()
        assert v.kind == "public_welfare" and v.organisation_id == public_org


def test_a_vacancys_description_tells_the_classifier_its_industry(app, people):
    """司机 alone reads as a bus driver; a description about lorries makes it a lorry driver."""
    client, _ = people.employer()
    trucks = post_vacancy(
        client,
        title="司机",
        description="驾驶重型货车，长途运输货物，负责装卸时的货物交接。",
        skills="驾驶",
    )
    with app.app_context():
        assert db.session.get(Vacancy, trucks).occupation_code == "4-02-02-02"
        assert occupations.classify("司机")[0].code != "4-02-02-02"
