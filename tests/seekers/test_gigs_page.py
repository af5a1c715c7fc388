"""The seeker's 零工 page: gigs recommended for them, and the open list."""

from __future__ import annotations

from jobhub.extensions import db
from tests.gigs import factory
from tests.seekers.helpers import build_index


def test_gigs_are_recommended_only_with_evidence_and_an_empty_list_says_so(app, people):
    with app.app_context():
        factory.gig(None, capacity=2)  # 宴会帮厨, skills 切配, in 翠苑 (near the seekers' street)
        db.session.commit()
    cook, _ = people.seeker(profile={"skills": "切配、健康证", "desired_titles": "帮厨"})
    analyst, _ = people.seeker("李娜")  # data analysis: nothing in common with a kitchen gig
    blank, _ = people.seeker("赵敏", profile={"skills": "", "desired_titles": ""})
    for index in (False, True):  # before the first index is built and after
        if index:
            build_index(app)
        page = cook.get("/gigs/").get_data(as_text=True)
        recommended = page.split("<h2>招募中的零工")[0]
        assert "为您推荐" in recommended and "宴会帮厨" in recommended
        assert "暂无与您的工种" not in page
        page = analyst.get("/gigs/").get_data(as_text=True)
        assert "为您推荐" not in page and "暂无与您的工种、技能相符" in page
        assert "宴会帮厨" in page.split("<h2>招募中的零工")[1]  # still in the open list
        assert "去完善资料" not in page
        page = blank.get("/gigs/").get_data(as_text=True)
        assert "您还没有填写会的技能和想找的工作" in page and 'href="/seeker/profile"' in page
