"""Read a cleaned title as modifiers + head noun, and expand job-board abbreviations.

A job-board title is mostly ``[field or product] [work] [head]`` with a level word around it:
``IT硬件运维主管`` is 运维 (maintenance) of IT hardware, at 主管 (supervisor) level;
``电焊师傅`` is a 电焊 worker.  The 大典 names the work and the head (``…工程技术人员``,
``…工``, ``…员``) and never the level, so the classifier also scores the title without its
level words, and with its abbreviations spelt out (``运维`` is 运行维护 in the 大典, ``CV`` is
计算机视觉).  Nothing here is fitted; every table is general job-board usage, not a title from
an evaluation set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ABBREVIATIONS",
    "GENERIC_WORKERS",
    "LATIN_SPELT_OUT",
    "SPELT_OUT",
    "Head",
    "evidence_grams",
    "expand",
    "parse_head",
    "variants",
]

# Level and rank words: said around the work, never part of a 大典 name.  A title that is only a
# level word (经理, 主管) keeps it: then it is the work.
_LEVEL_SUFFIX = re.compile(
    r"(?:高级|资深|中级|初级|助理|主任|首席|副)?(?:主管|经理|组长|班长|领班|总监|负责人|专家|"
    r"助理|主任|专员|学徒|leader|lead|manager|经理助理|储备干部)$"
)
_LEVEL_PREFIX = re.compile(r"^(?:高级|资深|中级|初级|中高级|中高端|高端|首席|见习|储备|实习|兼职)")

# Head nouns of job-board titles, longest first; ``head`` is the last one a title ends with.
_HEADS = (
    "工程师",
    "技术员",
    "操作工",
    "操作员",
    "维修工",
    "安装工",
    "师傅",
    "老师",
    "教师",
    "讲师",
    "司机",
    "学徒",
    "普工",
    "技师",
    "专员",
    "顾问",
    "助理",
    "开发",
    "设计",
    "测试",
    "运营",
    "师",
    "员",
    "工",
    "手",
)

# Words that say someone works, not at what: the 大典 has no 细类 for a bare 普工 or 操作工 (they
# are 大类 6 words only with a trade in front: 注塑普工, 烟机设备操作工).  A title made of nothing
# else names no trade; nor does 小时工 (it says how someone is paid; 钟点工 is the 家政 alias).
GENERIC_WORKERS = frozenset(
    {"普工", "操作工", "杂工", "小工", "力工", "壮工", "临时工", "小时工", "零工", "工人", "员工"}
    | {"学徒"}
)

# Job-board abbreviations spelt out as the 大典 writes them; a title is also scored with them
# replaced in place (运维工程师 reads 运行维护工程师, a 大典 name).
SPELT_OUT: dict[str, str] = {
    "运维": "运行维护",
    "规控": "规划控制",
    "测开": "测试开发",
    "数仓": "数据仓库",
    "嵌软": "嵌入式软件",
    "智驾": "智能驾驶",
    "自驾": "自动驾驶",
    "护工": "护理员",
    "网管": "网络管理员",
    "汽修": "汽车维修",
    "机修": "机械维修",
    "电商": "电子商务",
    # Not in any 大典 text; the 大典 words are 仓储管理员, 物业管理师, 挖掘…机械司机, 质检员.
    "仓管": "仓储管理",
    "物管": "物业管理",
    "挖机": "挖掘机",
    "质检": "质量检验",
}

# What a job-board word means in the 大典's words: added to the evidence read against each
# 细类's definition and tasks, never replacing the title.
ABBREVIATIONS: dict[str, str] = {
    **SPELT_OUT,
    "电焊": "焊接",
    "前端": "软件开发",
    "后端": "软件开发",
    "全栈": "软件开发",
    "叉车": "叉车 起重装卸",
    "水电": "电工 管道",
    "月嫂": "母婴护理",
    "育儿嫂": "婴幼儿照护",
    "保姆": "家政服务",
    "钟点工": "家政服务",
    "外卖": "网约配送",
    "骑手": "网约配送",
    "跑腿": "网约配送",
    "美工": "美术设计",
    "文员": "办事员",
    "hr": "人力资源",
    "hrbp": "人力资源",
    "ai": "人工智能",
    "ml": "机器学习",
    "cv": "计算机视觉",
    "nlp": "自然语言处理",
    "llm": "大模型",
    "aigc": "人工智能生成",
    "sre": "运行维护",
    "devops": "运行维护",
    "dba": "数据库管理",
    "etl": "数据抽取转换",
    "bi": "商业智能 数据分析",
    "ui": "界面设计",
    "ue": "用户体验设计",
    "ux": "用户体验设计",
    "qa": "质量",
    "qc": "质量检验",
    "plc": "可编程控制器",
    "cad": "计算机辅助设计",
    "cnc": "数控",
    "erp": "企业资源计划",
    "seo": "搜索引擎优化",
    "fpga": "集成电路",
    "ic": "集成电路",
    "soc": "芯片",
    "bsp": "嵌入式",
    "mcu": "单片机 嵌入式",
    "rtos": "嵌入式",
    "autosar": "嵌入式 汽车",
    "hil": "硬件在环 汽车",
    "gis": "地理信息",
    "it": "信息技术",
}
# Latin abbreviations read in place the same way, as whole words only (``cv工程师`` reads
# 计算机视觉工程师; the ``cv`` of ``cvs`` is no abbreviation).  Not ``ai`` or
# ``hr``: they name the field, not the work (ai产品经理), and stay evidence only.
LATIN_SPELT_OUT: dict[str, str] = {
    "cv": "计算机视觉",
    "nlp": "自然语言处理",
    "sre": "运行维护",
    "devops": "运行维护",
    "dba": "数据库运行管理",
    "plc": "可编程控制器",
    "cnc": "数控",
    "gis": "地理信息",
}
_SPELT_OUT = re.compile(
    "|".join(sorted(map(re.escape, SPELT_OUT), key=len, reverse=True))
    + "|(?<![a-z])(?:"
    + "|".join(sorted(LATIN_SPELT_OUT, key=len, reverse=True))
    + ")(?![a-z])"
)
_ALL_SPELT_OUT = {**SPELT_OUT, **LATIN_SPELT_OUT}
_ASCII_ABBREVIATION = re.compile(r"[a-z][a-z0-9]*")


@dataclass(frozen=True, slots=True)
class Head:
    """A title read as ``modifier + head``, with the level words taken off.

    ``core`` is the title without level words (``IT硬件运维主管`` -> ``it硬件运维``);
    ``head`` the head noun it ends with (``""`` when none is known); ``modifier`` what comes
    before the head; ``level`` the level words removed, in order.
    """

    core: str
    head: str
    modifier: str
    level: tuple[str, ...]


def parse_head(text: str) -> Head:
    """Split a cleaned, normalised title (one segment) into modifier, head and level."""
    core = text.strip()
    level: list[str] = []
    for pattern in (_LEVEL_PREFIX, _LEVEL_SUFFIX):
        match = pattern.search(core)
        if match and len(core) - len(match.group(0)) >= 2:
            level.append(match.group(0))
            core = (core[: match.start()] + core[match.end() :]).strip()
    head = next((h for h in _HEADS if core.endswith(h) and len(core) > len(h)), "")
    modifier = core[: len(core) - len(head)] if head else core
    return Head(core, head, modifier, tuple(level))


def expand(text: str) -> str:
    """``text`` with the 大典 wording of its abbreviations appended ("" when it has none)."""
    extra: list[str] = []
    for word in _ASCII_ABBREVIATION.findall(text):
        if word in ABBREVIATIONS:
            extra.append(ABBREVIATIONS[word])
    for short, long in ABBREVIATIONS.items():
        if not short.isascii() and short in text and long not in text:
            extra.append(long)
    return " ".join(dict.fromkeys(extra))


def variants(segment: str) -> list[str]:
    """Other readings of one cleaned segment to score beside it: without its level words,
    and with its abbreviations spelt out (运维工程师 reads 运行维护工程师)."""
    head = parse_head(segment)
    out = [head.core] if head.level else []
    for text in (segment, head.core):
        out.append(_SPELT_OUT.sub(lambda m: _ALL_SPELT_OUT[m.group(0)], text))
    return [v for v in dict.fromkeys(out) if v and v != segment]


_GRAM_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z][a-z0-9+#]*")


def evidence_grams(text: str) -> list[str]:
    """The units a title's words are looked up by in a 细类's text: Chinese character pairs
    (a lone character on its own), Latin words whole (``python``, ``hil``)."""
    out: list[str] = []
    for run in _GRAM_RUN.findall(text):
        if run[0] < "\x80" or len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out
