"""Navigation by role: only links to pages that exist in this app and that the role may open."""

from __future__ import annotations

from flask import Flask

from jobhub.db import now_utc

# (label, endpoint) per role; None is a visitor who is not signed in.
NAV: dict[str | None, list[tuple[str, str]]] = {
    None: [
        ("找工作", "listings.index"),
        ("政策计算器", "calculator.calculator"),
        ("薪酬价位", "market.wages"),
    ],
    "seeker": [
        ("我的资料", "seekers.profile"),
        ("推荐岗位", "seekers.matches"),
        ("技能培训", "training.mine"),
        ("我的申请", "seekers.applications"),
        ("岗位提醒", "alerts.seeker_alerts"),
        ("我能享受的政策", "seekers.policies"),
        ("失业登记和认定", "acts.mine"),
        ("我的授权", "seekers.privacy"),
        ("零工", "gigs.index"),
    ],
    "employer": [
        ("岗位管理", "employers.vacancies"),
        ("应聘管理", "employers.applications"),
        ("单位信息", "employers.organisation"),
        ("裁员报告", "market.layoff_reports"),
        ("零工", "gigs.index"),
    ],
    "station_staff": [
        ("来访登记", "stations.walk_in"),
        ("零工", "stations.gigs"),
        ("驿站看板", "stations.dashboard"),
        ("名单待跟进", "imports.follow_ups"),
        ("政策推送跟进", "alerts.station_follow_ups"),
        ("补贴申请", "admin.subsidy_applications"),  # staff follow; the bureau decides
        ("培训课程", "training.courses"),
    ],
    "institution": [
        ("我的课程", "training.institution_home"),
        ("新建课程", "training.new_course"),
    ],
    "admin": [
        ("服务站点", "stations.admin_stations"),
        ("岗位审核", "employers.review_queue"),
        ("政策找人", "admin.policy_outreach"),
        ("政策推送", "alerts.bureau_funnel"),
        ("毕业生服务", "admin.graduates"),
        ("名单导入", "imports.index"),
        ("补贴审核", "admin.subsidy_applications"),
        ("登记和认定", "acts.bureau_view"),
        ("培训机构", "training.admin_institutions"),
        ("课程审核", "training.review_queue"),
        ("培训成效", "training.outcomes"),
        ("职业编码更正", "admin.occupation_corrections"),
        ("供求状况", "market.supply_demand"),
        ("失业预警", "market.warnings_page"),
        ("后台任务", "admin.background_jobs"),
        ("区域设置", "admin.region"),
    ],
}


def register_nav(app: Flask) -> None:
    @app.context_processor
    def nav_context():
        def nav_links(role: str | None) -> list[tuple[str, str]]:
            links = NAV.get(role, [])
            if role is not None:
                links = NAV[None] + links
            return [(label, ep) for label, ep in links if ep in app.view_functions]

        def unread_notices() -> int:
            from flask_login import current_user

            from jobhub.notices.services import unread_count

            return unread_count(current_user) if current_user.is_authenticated else 0

        return {"nav_links": nav_links, "now_utc": now_utc, "unread_notices": unread_notices}
