"""Small hand-written people and vacancies for the matching tests (a few hundred metres
apart in one district, so distances are easy to reason about)."""

from __future__ import annotations

import pytest

from jobhub.matching.models import GeoPoint, SeekerProfile, VacancyProfile
from jobhub.matching.profile import MatchingProfile, load_profile

# A point in 成都 and offsets in km along the meridian (1 km ≈ 0.008993° of latitude).
BASE = GeoPoint(30.6600, 104.0600)
KM_LAT = 1 / 111.195


def north(km: float) -> GeoPoint:
    return GeoPoint(BASE.lat + km * KM_LAT, BASE.lng)


@pytest.fixture(scope="session")
def profile() -> MatchingProfile:
    return load_profile("city")


def electrician_vacancy(vid: int | str = "elec", **kw) -> VacancyProfile:
    fields = dict(
        id=vid,
        title="小区物业电工",
        description="负责小区配电房巡检、照明线路维修，持低压电工作业证，会使用办公软件做记录",
        skills=("低压电工作业证", "办公软件"),
        location=north(0.5),
        kind="regular",
        occupation_code="6-31-01-03",
    )
    fields.update(kw)
    return VacancyProfile(**fields)


def electrician_seeker(sid: int | str = 1, **kw) -> SeekerProfile:
    fields = dict(
        id=sid,
        skills=("电工证", "Excel"),
        desired_titles=("电工", "维修电工"),
        summary="五年物业电工经验，负责配电房巡检和线路维修",
        location=BASE,
        occupation_codes=("6-31-01-03",),
    )
    fields.update(kw)
    return SeekerProfile(**fields)


VACANCIES = [
    electrician_vacancy(),
    VacancyProfile(
        id="forklift",
        title="仓库叉车司机",
        description="负责仓库货物装卸，叉车作业，持N1叉车司机证",
        skills=("N1叉车司机证",),
        location=north(3.0),
        occupation_code="6-30-05-01",
    ),
    VacancyProfile(
        id="cashier",
        title="超市收银员",
        description="超市前台收银，商品扫码结算，需健康证",
        skills=("收银", "健康证"),
        location=north(1.0),
        occupation_code="4-01-02-04",
    ),
    VacancyProfile(
        id="cleaner-pw",
        title="社区保洁员（公益性岗位）",
        description="社区公共区域日常保洁，垃圾分类引导",
        skills=("保洁",),
        location=north(0.3),
        kind="public_welfare",
        occupation_code="4-09-08-01",
    ),
    VacancyProfile(
        id="trainee",
        title="物业工程部见习生",
        description="跟随师傅学习配电、给排水设备维护，就业见习岗位",
        skills=("电工",),
        location=north(0.8),
        kind="traineeship",
        occupation_code="6-31-01-03",
    ),
    VacancyProfile(
        id="welder",
        title="电焊工",
        description="钢结构焊接，氩弧焊、二保焊，持焊工证",
        skills=("焊工证", "氩弧焊"),
        location=north(6.0),
        occupation_code="6-18-02-04",
    ),
    VacancyProfile(
        id="nurse-aide",
        title="养老护理员",
        description="养老院失能老人生活照料，协助翻身、喂饭，持养老护理员证",
        skills=("养老护理员证",),
        location=north(2.0),
        kind="gig",
        occupation_code="4-10-01-05",
    ),
    VacancyProfile(
        id="dev",
        title="Python开发工程师",
        description="后端开发，Django/Flask，MySQL，Linux 服务器部署",
        skills=("Python", "MySQL", "Linux"),
        location=north(12.0),
        occupation_code="2-02-10-03",
    ),
]
