"""Demo data: a believable district (杭州市西湖区) written by the project, not copied postings.

Street codes and names are the 2023 统计用区划代码 (shared/data/regions, WTFPL). The street
points are approximate positions made for the demo (the reference data has none), in WGS-84.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from jobhub.auth import twofactor
from jobhub.auth.roles import Role
from jobhub.auth.services import NewAccount, create_user, find_user_by_login
from jobhub.db import now_utc
from jobhub.employers.models import Organisation, Vacancy
from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.regions.services import setup_region
from jobhub.regions.table import read_points
from jobhub.security.idcard import id_check_character, uscc_check_character
from jobhub.seekers.consent_texts import PURPOSE_SENSITIVE, current_text
from jobhub.seekers.models import Consent, Person
from jobhub.stations.models import Station

DEMO_PASSWORD = "Xihu-demo-2026"
# The demo staff and admin accounts' authenticator secret (two-factor sign-in is mandatory for
# them): add it to an authenticator app, or print the current code with ``make demo-code``.
DEMO_TOTP_SECRET = "JOBHUBDEMOXIHUSTAFFTOTPKEYAAAAAA"
ADMIN_LOGIN = "admin"

# code, name, lat, lng, rural
STREETS = [
    ("330106002", "北山街道", 30.2620, 120.1450, False),
    ("330106004", "西溪街道", 30.2750, 120.1370, False),
    ("330106005", "翠苑街道", 30.2870, 120.1250, False),
    ("330106007", "古荡街道", 30.2840, 120.1130, False),
    ("330106008", "西湖街道", 30.2350, 120.1300, False),
    ("330106009", "留下街道", 30.2500, 120.0600, False),
    ("330106010", "转塘街道", 30.1700, 120.0900, False),
    ("330106011", "蒋村街道", 30.2800, 120.0800, False),
    ("330106012", "灵隐街道", 30.2550, 120.1400, False),
    ("330106013", "文新街道", 30.2900, 120.1000, False),
    ("330106109", "三墩镇", 30.3300, 120.0900, True),
    ("330106110", "双浦镇", 30.1300, 120.1000, True),
]
STREET = {code: (name, lat, lng, rural) for code, name, lat, lng, rural in STREETS}
DEMO_REGION = "330106"  # 杭州市西湖区


def setup_demo_region():
    """Set up 西湖区 as any bureau would (``flask region setup 330106 --points ... --datum
    wgs84``), with the demo's street points as the points file. Running it again changes
    nothing."""
    lines = ["code,lat,lng"] + [f"{code},{lat},{lng}" for code, _n, lat, lng, _r in STREETS]
    return setup_region(DEMO_REGION, read_points(lines, "wgs84"))


def make_id_number(birth: date, seq: int, female: bool, region: str = "330106") -> str:
    sex_digit = (seq * 2 + (0 if female else 1)) % 10
    first17 = f"{region}{birth:%Y%m%d}{seq % 100:02d}{sex_digit}"
    return first17 + id_check_character(first17)


def make_uscc(serial: int) -> str:
    first17 = f"91330106MA2{serial:06d}"
    return first17 + uscc_check_character(first17)


@dataclass
class SeedResult:
    created: bool
    logins: list[tuple[str, str, str]] = field(default_factory=list)


LOGINS = [
    ("求职者", "13800000001"),
    ("用人单位", "13800000002"),
    ("驿站工作人员", "13800000003"),
    ("管理员", ADMIN_LOGIN),
    ("培训机构", "13800000004"),
]


def _station(name, kind, street, hours, address) -> Station:
    street_name, lat, lng, rural = STREET[street]
    return Station(
        name=name,
        kind=kind,
        address=address,
        street_code=street,
        lat=lat,
        lng=lng,
        opening_hours=hours,
        service_radius_m=5000 if rural else 1200,
        is_rural=rural,
    )


_ORGS = [
    ("杭州西溪云数科技有限公司", "古荡街道文三路 90 号", "330106007", "small"),
    ("杭州翠苑鲜厨餐饮管理有限公司", "翠苑街道学院路 28 号", "330106005", "micro"),
    ("杭州之江安居物业服务有限公司", "转塘街道之江路 1 号", "330106010", "medium"),
    ("杭州西湖颐养护理院", "留下街道留和路 66 号", "330106009", "small"),
    ("杭州双浦农旅发展有限公司", "双浦镇袁浦路 12 号", "330106110", "small"),
    ("西湖区城市管理服务中心", "北山街道保俶路 2 号", "330106002", "large"),
]

_VACANCIES = [
    # org index, title, kind, type, headcount, street, min, max, unit, skills, description
    (
        0,
        "Python 后端开发工程师",
        "regular",
        "full_time",
        2,
        "330106007",
        9000,
        15000,
        "month",
        ["Python", "Flask", "SQL", "Linux"],
        "负责政务服务系统的后端开发与维护，参与接口设计和数据库优化。要求熟悉 Python 与关系型数据库，有团队协作意识。",
    ),
    (
        0,
        "数据分析助理（就业见习）",
        "traineeship",
        "full_time",
        3,
        "330106007",
        3200,
        3800,
        "month",
        ["Excel", "数据分析", "Python"],
        "见习期 6 个月，在导师指导下整理业务数据、制作报表。欢迎离校两年内未就业高校毕业生报名，见习期间购买意外伤害保险。",
    ),
    (
        1,
        "中餐厨师",
        "regular",
        "full_time",
        2,
        "330106005",
        6500,
        8500,
        "month",
        ["中式烹调", "健康证"],
        "负责热菜制作与出品，保证菜品质量和后厨卫生。需持有效健康证，有两年以上中餐经验者优先。提供工作餐。",
    ),
    (
        1,
        "餐厅服务员",
        "regular",
        "part_time",
        4,
        "330106005",
        22,
        26,
        "hour",
        ["服务礼仪"],
        "负责点餐、传菜和餐厅清洁，可按周排班，适合需要兼顾家庭的求职者。需持健康证，上岗前统一培训。",
    ),
    (
        2,
        "物业保洁员",
        "regular",
        "full_time",
        5,
        "330106010",
        3600,
        4200,
        "month",
        ["保洁"],
        "负责小区公共区域的日常清洁和垃圾分类引导。做五休二，缴纳五险，提供工作服和午餐补贴。",
    ),
    (
        2,
        "小区电工",
        "regular",
        "full_time",
        1,
        "330106010",
        6000,
        7500,
        "month",
        ["低压电工作业证", "设备维修"],
        "负责小区供配电设施的巡检与维修，需持低压电工作业证（特种作业操作证），能处理常见电气故障。",
    ),
    (
        3,
        "养老护理员",
        "regular",
        "full_time",
        6,
        "330106009",
        5000,
        6500,
        "month",
        ["养老护理", "健康照护"],
        "为入住老人提供生活照料和基础护理，院方提供岗前培训并协助考取养老护理员职业技能等级证书。退役军人优先。",
    ),
    (
        4,
        "乡村旅游讲解员",
        "regular",
        "part_time",
        2,
        "330106110",
        180,
        220,
        "day",
        ["讲解", "普通话"],
        "周末及节假日为游客讲解双浦农旅线路和村史，熟悉本地风物者优先，报酬日结。",
    ),
    (
        5,
        "社区公益性岗位·环境巡查员",
        "public_welfare",
        "full_time",
        4,
        "330106002",
        2490,
        2490,
        "month",
        ["巡查"],
        "公益性岗位，面向就业困难人员。负责社区环境巡查和文明劝导，按规定缴纳社会保险并享受岗位补贴。",
    ),
    (
        5,
        "社区公益性岗位·便民服务协管员",
        "public_welfare",
        "full_time",
        2,
        "330106008",
        2490,
        2490,
        "month",
        ["服务礼仪", "办公软件"],
        "公益性岗位，协助社区便民服务中心做好咨询引导和资料整理。面向就业困难人员，欢迎残疾人士报名。",
    ),
    # as a quarter of real postings do, this one lists no skills: a person who gives skills but
    # no desired job meets it through the titles their skills go with (matching [titles])
    (
        0,
        "运营数据专员",
        "regular",
        "full_time",
        1,
        "330106007",
        5000,
        7000,
        "month",
        [],
        "负责整理政务服务平台的业务台账，按周汇总办件情况，配合业务科室完成月度材料。",
    ),
]

_GIGS = [
    # station index, org index, title, trade, day offset, start, end, pay, unit, capacity, skills
    (0, 1, "宴会帮厨", "厨工", 1, time(9, 0), time(14, 0), 30, "hour", 3, ["切配", "健康证"]),
    (0, 2, "小区绿化修剪", "绿化工", 2, time(8, 0), time(17, 0), 220, "day", 4, ["绿化养护"]),
    (0, None, "搬家装卸", "搬运工", 1, time(13, 0), time(18, 0), 200, "day", 2, ["搬运"]),
    (1, 2, "写字楼开荒保洁", "保洁员", 3, time(8, 0), time(17, 0), 230, "day", 6, ["保洁"]),
    (1, 3, "陪诊陪护（半天）", "护理员", 2, time(8, 30), time(12, 0), 35, "hour", 1, ["养老护理"]),
    (2, 4, "茶园采摘", "农业工人", 1, time(6, 30), time(11, 30), 160, "day", 10, ["采摘"]),
]

# 退休类别 the demo's women of an age where it decides have stated (the engine never guesses it).
_CATEGORIES = {"王秀兰": "female_worker"}

# name, birth, female, education, graduation (years before the latest 30 June, so the demo's
# graduates stay within the 2-year window whenever it is seeded), status, skills, desired,
# street, sensitive flags
_PEOPLE = [
    (
        "林晓雨",
        date(2003, 5, 12),
        True,
        "bachelor",
        0,
        "unemployed",
        ["Python", "Excel", "数据分析"],
        ["数据分析"],
        "330106005",
        {},
    ),
    (
        "周建军",
        date(1990, 8, 3),
        False,
        "senior_high",
        None,
        "unemployed",
        ["驾驶", "设备维修", "低压电工作业证"],
        ["电工"],
        "330106010",
        {"is_veteran": True},
    ),
    (
        "王秀兰",
        date(1978, 2, 20),
        True,
        "junior_middle",
        None,
        "flexible",
        ["保洁", "养老护理"],
        ["养老护理员"],
        "330106009",
        {"low_income_household": True},
    ),
    (
        "陈国强",
        date(1972, 11, 9),
        False,
        "junior_middle",
        None,
        "unemployed",
        ["搬运", "绿化养护"],
        ["绿化工"],
        "330106110",
        {"land_expropriated": True},
    ),
    (
        "赵敏",
        date(1985, 4, 1),
        True,
        "secondary_vocational",
        None,
        "unemployed",
        ["办公软件", "服务礼仪"],
        ["前台接待"],
        "330106002",
        {"disabled": True},
    ),
    (
        "刘洋",
        date(2001, 9, 15),
        False,
        "junior_college",
        1,
        "flexible",
        ["中式烹调", "切配", "健康证"],
        ["厨师"],
        "330106007",
        {},
    ),
]


def _latest_june_30(today: date, years_before: int) -> date:
    year = today.year if (today.month, today.day) >= (6, 30) else today.year - 1
    return date(year - years_before, 6, 30)


def seed_demo(today: date | None = None) -> SeedResult:
    """Create the demo district unless it exists (the admin login is the marker). The
    region is set up every time (it changes nothing when it is), so that a database seeded
    before the streets table existed gets its streets too."""
    # coded as the forms code them
    from jobhub.employers.services import first_occupation
    from jobhub.gigs.services import code_occupation
    from jobhub.market.demo import seed_market_history
    from jobhub.seekers.services import first_codes

    setup_demo_region()
    today = today or date.today()
    logins = [(role, login, DEMO_PASSWORD) for role, login in LOGINS]
    if find_user_by_login(ADMIN_LOGIN) is not None:
        return SeedResult(created=False, logins=logins)

    stations = [
        _station(
            "翠苑零工驿站",
            "gig_station",
            "330106005",
            "周一至周六 8:00–18:00",
            "翠苑街道文二西路 3 号",
        ),
        _station(
            "转塘家门口就业服务站",
            "service_station",
            "330106010",
            "周一至周五 8:30–17:30",
            "转塘街道美院南街 8 号",
        ),
        _station(
            "双浦镇零工驿站", "gig_station", "330106110", "每天 6:30–12:00", "双浦镇袁浦路 20 号"
        ),
    ]
    db.session.add_all(stations)

    orgs = []
    for i, (name, address, street, size) in enumerate(_ORGS, start=1):
        _, lat, lng, _ = STREET[street]
        orgs.append(
            Organisation(
                name=name,
                uscc=make_uscc(i),
                address=address,
                street_code=street,
                lat=lat,
                lng=lng,
                size=size,
                is_public_employer=name.endswith("中心"),
                contact_name="人事部",
            )
        )
    db.session.add_all(orgs)
    db.session.flush()

    for org_i, title, kind, etype, count, street, lo, hi, unit, skills, text in _VACANCIES:
        _, lat, lng, _ = STREET[street]
        db.session.add(
            Vacancy(
                organisation_id=orgs[org_i].id,
                title=title,
                description=text,
                occupation_code=first_occupation(title),
                kind=kind,
                employment_type=etype,
                headcount=count,
                work_location=f"杭州市西湖区{STREET[street][0]}",
                street_code=street,
                lat=lat + 0.002,
                lng=lng - 0.002,
                salary_min=lo,
                salary_max=hi,
                salary_unit=unit,
                valid_until=today + timedelta(days=60),
                skills=skills,
                status="published",
                review_verdict="ok",
                published_at=now_utc(),
            )
        )

    for st_i, org_i, title, trade, offset, start, end, pay, unit, cap, skills in _GIGS:
        station = stations[st_i]
        db.session.add(
            Gig(
                station_id=station.id,
                organisation_id=orgs[org_i].id if org_i is not None else None,
                employer_name=orgs[org_i].name if org_i is not None else "个人雇主（驿站代发）",
                title=title,
                trade=trade,
                occupation_code=code_occupation(title, trade),
                skills=skills,
                work_date=today + timedelta(days=offset),
                start_time=start,
                end_time=end,
                address=station.address,
                street_code=station.street_code,
                lat=station.lat + 0.003,
                lng=station.lng + 0.002,
                pay_amount=pay,
                pay_unit=unit,
                capacity=cap,
                settlement="daily",
            )
        )

    seeker_user = create_user(NewAccount(LOGINS[0][1], DEMO_PASSWORD, "林晓雨", Role.SEEKER))
    create_user(
        NewAccount(LOGINS[1][1], DEMO_PASSWORD, "张经理", Role.EMPLOYER, organisation_id=orgs[0].id)
    )
    staff = create_user(
        NewAccount(
            LOGINS[2][1], DEMO_PASSWORD, "李站长", Role.STATION_STAFF, station_id=stations[0].id
        )
    )
    admin = create_user(NewAccount(ADMIN_LOGIN, DEMO_PASSWORD, "区人社局管理员", Role.ADMIN))
    for privileged in (staff, admin):
        twofactor.enrol(privileged, DEMO_TOTP_SECRET)

    consent_at = now_utc().isoformat()
    people: list[Person] = []
    for seq, (name, birth, female, edu, grad, status, skills, desired, street, flags) in enumerate(
        _PEOPLE, start=11
    ):
        _, lat, lng, _ = STREET[street]
        person = Person(
            name=name,
            birth_date=birth,
            gender="female" if female else "male",
            retirement_category=_CATEGORIES.get(name),
            education=edu,
            graduation_date=None if grad is None else _latest_june_30(today, grad),
            employment_status=status,
            skills=skills,
            desired_titles=desired,
            desired_occupation_codes=first_codes(desired),
            home_street_code=street,
            lat=lat - 0.004,
            lng=lng + 0.003,
            max_distance_km=10,
            registered_station_id=stations[0].id,
            sensitive={
                k: {
                    "value": v,
                    "consented_at": consent_at,
                    "purpose": "判断就业困难人员认定及补贴资格",
                }
                for k, v in flags.items()
            }
            or None,
        )
        person.id_number = make_id_number(birth, seq, female)
        person.phone = f"139{seq:08d}"
        if seq == 11:
            person.user_id = seeker_user.id
        db.session.add(person)
        people.append(person)
    db.session.flush()
    db.session.add_all(
        Consent(
            person_id=p.id,
            purpose=PURPOSE_SENSITIVE,
            text_version=current_text(PURPOSE_SENSITIVE).version,
            given_via="counter",
        )
        for p in people
        if p.sensitive
    )
    _seed_station_work(today, stations, orgs, people)
    _seed_seekers_and_employers(today, orgs, people)
    from flask import current_app

    from jobhub.acts.demo import seed_acts

    seed_acts(today, stations[0].id, staff, people, current_app.config["REGION_PROFILE"])
    _seed_training(today, people)
    seed_market_history(today, orgs, make_uscc)
    return SeedResult(created=True, logins=logins)


# title, occupation, skills, level, hours, days from today to the start, street, fee, places,
# on the bureau's 补贴培训目录
_COURSES = [
    (
        "SQL 数据库应用（中级）",
        "4-04-05-04",
        ["sql"],
        "intermediate",
        64,
        14,
        "330106005",
        1800,
        30,
        True,
    ),
    (
        "Linux 系统运维（初级）",
        "4-04-04-03",
        ["linux"],
        "junior",
        48,
        21,
        "330106007",
        1200,
        25,
        True,
    ),
    (
        "叉车司机培训（初级）",
        "6-30-05-01",
        ["forklift", "forklift_cert"],
        "junior",
        40,
        10,
        "330106010",
        900,
        20,
        True,
    ),
    (
        "养老护理员（初级）",
        "4-10-01-05",
        ["elderly_care"],
        "junior",
        80,
        30,
        "330106008",
        1500,
        20,
        False,
    ),
]


def _seed_training(today: date, people) -> None:
    """One institution with its account and four reviewed courses, three on the 补贴培训目录
    (the demo seeker lacks SQL and Linux for the backend job, so the matches page suggests
    the first two); 周建军 has applied for the forklift course and waits for the school."""
    from jobhub.training.models import Course, Enrolment, TrainingInstitution

    _, lat, lng, _ = STREET["330106005"]
    institution = TrainingInstitution(
        name="西湖区示范职业技能培训学校",
        uscc=make_uscc(50),
        address="翠苑街道文三路 88 号",
        street_code="330106005",
        lat=lat,
        lng=lng,
    )
    db.session.add(institution)
    db.session.flush()
    create_user(
        NewAccount(
            LOGINS[4][1], DEMO_PASSWORD, "陈校长", Role.INSTITUTION, institution_id=institution.id
        )
    )
    for title, occupation, skills, level, hours, start, street, fee, places, listed in _COURSES:
        name, lat, lng, _ = STREET[street]
        db.session.add(
            Course(
                institution_id=institution.id,
                title=title,
                description=f"{title}：理论与实操结合，结业参加职业技能等级认定。",
                occupation_code=occupation,
                skills=skills,
                level=level,
                hours=hours,
                starts_on=today + timedelta(days=start),
                ends_on=today + timedelta(days=start + 30),
                street_code=street,
                place=f"{name}培训教室",
                lat=lat,
                lng=lng,
                fee=fee,
                capacity=places,
                taken=0,
                subsidised=listed,
                status="published",
                review_verdict="ok",
                published_at=now_utc(),
            )
        )
    db.session.flush()
    forklift = db.session.scalar(db.select(Course).where(Course.title.like("叉车%")))
    forklift.taken = 1
    db.session.add(Enrolment(course_id=forklift.id, person_id=people[1].id, status="applied"))


# Trades and availability of the demo people (same order as _PEOPLE): walk-in style data.
_WORKER_TRADES = [
    ([], {}),
    (["电工", "司机"], {"days": [0, 1, 2, 3, 4, 5], "start": "07:00", "end": "19:00"}),
    (["保洁员", "护理员"], {"days": [0, 1, 2, 3, 4, 5, 6], "start": "06:30", "end": "18:00"}),
    (["搬运工", "绿化工"], {"days": [0, 1, 2, 3, 4, 5, 6], "start": "06:00", "end": "18:00"}),
    (["前台接待"], {"days": [0, 1, 2, 3, 4], "start": "08:30", "end": "17:30"}),
    (["厨工"], {"days": [5, 6], "start": "08:00", "end": "20:00"}),
]


def _seed_station_work(today: date, stations, orgs, people) -> None:
    """Walk-in visits, service records, a finished gig nobody paid for (欠薪 on the
    dashboard), a paid and rated one, and a 零工 household: the station pages' believable
    first screen."""
    from jobhub.gigs.models import GigClaim
    from jobhub.stations.models import Household, HouseholdMember, ServiceRecord, StationVisit

    staff = find_user_by_login(LOGINS[2][1])
    for person, (trades, availability) in zip(people, _WORKER_TRADES, strict=True):
        if trades:
            person.trades = trades
            person.availability = availability
            person.expected_pay, person.expected_pay_unit = 200, "day"
    for person in people[1:]:
        db.session.add(
            StationVisit(
                person_id=person.id,
                station_id=stations[0].id,
                staff_user_id=staff.id,
                new_person=True,
                at=now_utc() - timedelta(days=20),
            )
        )
    db.session.add_all(
        [
            ServiceRecord(
                person_id=people[0].id,
                staff_user_id=staff.id,
                station_id=stations[0].id,
                kind="career_guidance",
                note="简历修改与面试指导",
            ),
            ServiceRecord(
                person_id=people[0].id,
                staff_user_id=staff.id,
                station_id=stations[0].id,
                kind="job_referral",
                note="推荐：数据分析助理（就业见习）",
            ),
            ServiceRecord(
                person_id=people[2].id,
                staff_user_id=staff.id,
                station_id=stations[0].id,
                kind="policy_briefing",
                note="灵活就业社会保险补贴",
            ),
        ]
    )
    past = today - timedelta(days=3)
    unpaid = Gig(
        station_id=stations[0].id,
        organisation_id=orgs[1].id,
        employer_name=orgs[1].name,
        title="开业促销发传单",
        trade="推销员",
        skills=[],
        work_date=past,
        start_time=time(9, 0),
        end_time=time(17, 0),
        address="翠苑街道学院路 28 号",
        street_code="330106005",
        lat=stations[0].lat + 0.001,
        lng=stations[0].lng + 0.001,
        pay_amount=180,
        pay_unit="day",
        capacity=2,
        taken=2,
        settlement="daily",
        settle_by=past,
        status="completed",  # worked three days ago (jobhub.gigs.states)
        review_verdict="ok",
    )
    paid = Gig(
        station_id=stations[0].id,
        organisation_id=orgs[2].id,
        employer_name=orgs[2].name,
        title="地下车库清扫",
        trade="保洁员",
        skills=["保洁"],
        work_date=past,
        start_time=time(8, 0),
        end_time=time(12, 0),
        address="转塘街道之江路 1 号",
        street_code="330106010",
        lat=stations[1].lat,
        lng=stations[1].lng,
        pay_amount=28,
        pay_unit="hour",
        capacity=1,
        taken=1,
        settlement="daily",
        settle_by=past,
        status="completed",  # worked three days ago (jobhub.gigs.states)
        review_verdict="ok",
    )
    db.session.add_all([unpaid, paid])
    db.session.flush()
    done = now_utc() - timedelta(days=3)
    for person in (people[3], people[4]):
        db.session.add(
            GigClaim(
                gig_id=unpaid.id,
                person_id=person.id,
                claimed_by_user_id=staff.id,
                status="completed",
                active=True,
                checked_in_at=done,
                completed_at=done,
                amount_due=180,
            )
        )
    db.session.add(
        GigClaim(
            gig_id=paid.id,
            person_id=people[2].id,
            claimed_by_user_id=staff.id,
            status="paid",
            active=True,
            checked_in_at=done,
            completed_at=done,
            amount_due=112,
            paid_amount=112,
            paid_at=done,
            pay_method="wechat",
            worker_rating=5,
            employer_rating=5,
            worker_comment="当天结清",
        )
    )
    household = Household(
        station_id=stations[0].id,
        label="陈国强家（双浦）",
        street_code="330106110",
        marked_by_user_id=staff.id,
        marked_on=today - timedelta(days=45),
        note="夫妻二人均失地后无业",
    )
    household.members = [HouseholdMember(person_id=people[3].id)]
    db.session.add(household)
    db.session.flush()


def _seed_seekers_and_employers(today: date, orgs, people) -> None:
    """Applications at several steps (with their logged transitions), an invitation, subsidy
    applications (one waiting, one approved and paid) and a warned vacancy in the staff queue:
    what the seeker, employer and bureau pages show first."""
    from jobhub.seekers.models import (
        Application,
        ApplicationEvent,
        Invitation,
        SubsidyApplication,
        SubsidyPayment,
    )

    employer = find_user_by_login(LOGINS[1][1])
    admin = find_user_by_login(ADMIN_LOGIN)
    seeker_user = find_user_by_login(LOGINS[0][1])
    by_title = {v.title: v for v in db.session.scalars(db.select(Vacancy))}

    def application(person, title, steps, message=""):
        item = Application(
            vacancy_id=by_title[title].id, person_id=person.id, message=message, status=steps[-1]
        )
        db.session.add(item)
        previous = None
        for step in steps:
            actor = seeker_user if step == "applied" and person.user_id else employer
            db.session.add(
                ApplicationEvent(
                    application=item,
                    actor_user_id=actor.id if actor else None,
                    actor_role=actor.role if actor else "system",
                    from_status=previous,
                    to_status=step,
                )
            )
            previous = step
        return item

    xiaoyu, jianjun, xiulan, _guoqiang, _min, yang = people
    application(
        xiaoyu,
        "数据分析助理（就业见习）",
        ["applied", "viewed", "interview"],
        "熟悉 Excel 和 Python，可随时到岗。",
    )
    application(jianjun, "小区电工", ["applied", "viewed"])
    db.session.add(
        Invitation(
            vacancy_id=by_title["Python 后端开发工程师"].id,
            person_id=xiaoyu.id,
            invited_by_id=employer.id if employer else None,
            message="看到您的数据分析技能，欢迎来了解我们的后端岗位。",
        )
    )

    # Flexible workers paying their own social insurance: one application waiting, one approved
    # two months ago (its first approval date starts the subsidy term) with a paid month.
    yang.employment_since = today - timedelta(days=120)
    yang.monthly_contribution = 900
    db.session.add(
        SubsidyApplication(person_id=yang.id, code="si_flexible_graduate", monthly_contribution=900)
    )
    xiulan.employment_since = today - timedelta(days=200)
    xiulan.monthly_contribution = 880
    approved_on = today - timedelta(days=60)
    approved = SubsidyApplication(
        person_id=xiulan.id,
        code="si_flexible_difficulty",
        status="approved",
        monthly_contribution=880,
        decided_by_id=admin.id if admin else None,
        decided_at=now_utc() - timedelta(days=60),
        approved_on=approved_on,
    )
    db.session.add(approved)
    db.session.add(
        SubsidyPayment(
            application=approved,
            month=approved_on.replace(day=1),
            amount=600,
            recorded_by_id=admin.id if admin else None,
        )
    )

    # A warned posting waiting in the bureau's review queue, with the employer's justification.
    _, lat, lng, _ = STREET["330106007"]
    db.session.add(
        Vacancy(
            organisation_id=orgs[0].id,
            title="机房值班运维员",
            description="负责数据中心夜间值守和设备巡检，年龄35岁以下，能适应倒班。",
            kind="regular",
            employment_type="full_time",
            headcount=1,
            work_location="杭州市西湖区古荡街道",
            street_code="330106007",
            lat=lat,
            lng=lng,
            salary_min=6500,
            salary_max=8000,
            salary_unit="month",
            valid_until=today + timedelta(days=60),
            skills=["设备维修", "Linux"],
            status="pending_review",
            review_verdict="warn",
            justification="夜班需连续值守 12 小时，按机房安全规程设定；可改为体检合格即可。",
            created_by_id=employer.id if employer else None,
        )
    )
    db.session.flush()
