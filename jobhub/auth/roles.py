"""The five roles and their Chinese names."""

from enum import StrEnum


class Role(StrEnum):
    SEEKER = "seeker"
    EMPLOYER = "employer"
    STATION_STAFF = "station_staff"
    ADMIN = "admin"
    INSTITUTION = "institution"


ROLE_LABELS = {
    Role.SEEKER: "求职者",
    Role.EMPLOYER: "用人单位",
    Role.STATION_STAFF: "驿站工作人员",
    Role.ADMIN: "人社局管理员",
    Role.INSTITUTION: "培训机构",
}
