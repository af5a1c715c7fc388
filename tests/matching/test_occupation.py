"""Agreement of 职业分类大典 codes."""

from __future__ import annotations

import pytest

from jobhub.matching.occupation import occupation_agreement

LEVELS = dict(unit=1.0, minor=0.6, middle=0.3)


@pytest.mark.parametrize(
    ("seeker", "vacancy", "level", "score"),
    [
        ("4-10-01-05", "4-10-01-05", "unit", 1.0),  # 养老护理员 / 养老护理员
        ("4-10-01-06", "4-10-01-05", "minor", 0.6),  # 家政服务员 / 养老护理员: 生活照料服务人员
        ("4-10-03-01", "4-10-01-05", "middle", 0.3),  # 美容师: 居民服务人员
        ("4-01-02-04", "4-10-01-05", None, 0.0),  # 收银员: only the 大类 is shared
        ("1-01-00-01", "1-01-00-02", "middle", 0.3),  # '00' 小类 segment: no shared 小类
        ("1-02-01-00", "1-02-01-00", "unit", 1.0),  # a 细类 coded at the 小类 level
    ],
)
def test_levels(seeker, vacancy, level, score):
    found = occupation_agreement([seeker], vacancy, **LEVELS)
    assert found.level == level
    assert found.score == score


def test_best_of_several_desired_codes():
    found = occupation_agreement(["4-01-02-04", "4-10-01-06", "4-10-01-05"], "4-10-01-05", **LEVELS)
    assert (found.level, found.seeker_code) == ("unit", "4-10-01-05")
