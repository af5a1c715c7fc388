"""Generate a department's list for the import benchmark and tests: valid 身份证号 (GB 11643
check character), Chinese headers, and a share of bad rows of several kinds.

    python -m benchmarks.imports.generate out.xlsx --rows 100000 --bad 0.01 --source education
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

from jobhub.security.idcard import id_check_character

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
STREETS = ("翠苑街道", "文新街道", "西溪街道", "北山街道", "灵隐街道", "转塘街道", "三墩镇")
SCHOOLS = ("浙江大学", "浙江工业大学", "杭州电子科技大学", "浙江科技大学", "杭州职业技术学院")
EDUCATION = ("本科", "大专", "硕士研究生", "本科", "大专")
HEADERS = {
    "education": ["姓名", "身份证号", "手机号", "毕业院校", "专业", "学历", "毕业时间", "居住地址"],
    "civil_affairs": ["姓名", "身份证号", "手机号", "低保证号", "户籍地址"],
    "disabled_persons": ["姓名", "身份证号", "手机号", "残疾人证号", "居住地址"],
    "veterans": ["姓名", "身份证号", "手机号", "退役时间", "居住地址"],
    "stations": ["姓名", "身份证号", "手机号", "居住地址"],
}


def make_id(birth: date, seq: int, region: str = "330106") -> str:
    """A well-formed 身份证号 (region, birth date, a 3-digit sequence, check character)."""
    first17 = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_check_character(first17)


def _row(rng: random.Random, i: int, source: str, today: date, taken: dict[date, int]) -> list[str]:
    graduate = source == "education"
    # birth days spread over 4 years (graduates) or 38; a sequence number per day keeps
    # every ID different
    start = today - timedelta(days=(21 if graduate else 20) * 365)
    birth = start - timedelta(days=rng.randrange((4 if graduate else 38) * 365))
    taken[birth] = taken.get(birth, 0) + 1
    number = make_id(birth, taken[birth])
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    phone = f"13{rng.randint(0, 9)}{i % 100_000_000:08d}"
    address = f"杭州市西湖区{rng.choice(STREETS)}某路{rng.randint(1, 300)}号"
    if source == "education":
        grad = date(today.year - rng.randint(0, 1), 6, 30)
        extra = [rng.choice(SCHOOLS), "计算机科学与技术", rng.choice(EDUCATION), grad.isoformat()]
    elif source == "civil_affairs":
        extra = [f"XH{i:08d}"]
    elif source == "disabled_persons":
        extra = [f"{number}{rng.randint(1, 7)}{rng.randint(1, 4)}"]
    elif source == "veterans":
        extra = [(birth + timedelta(days=20 * 365)).isoformat()]
    else:
        extra = []
    return [name, number, phone, *extra, address]


def _spoil(rng: random.Random, row: list[str]) -> list[str]:
    """One mistake of the kinds departments' files carry."""
    kind = rng.randrange(4)
    row = list(row)
    if kind == 0:  # a wrong check character
        check = "0" if row[1][-1] != "0" else "1"
        row[1] = row[1][:17] + check
    elif kind == 1:  # a 15-digit number
        row[1] = row[1][:15]
    elif kind == 2:  # no name
        row[0] = ""
    else:  # a phone with a digit missing
        row[2] = row[2][:10]
    return row


def generate(
    path: Path, rows: int, bad: float = 0.01, source: str = "education", seed: int = 14
) -> int:
    """Write the list; answers how many rows were spoiled."""
    rng = random.Random(seed)
    today = date.today()
    spoiled = set(rng.sample(range(rows), int(rows * bad)))

    def data():
        taken: dict[date, int] = {}
        for i in range(rows):
            row = _row(rng, i, source, today, taken)
            yield _spoil(rng, row) if i in spoiled else row

    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS[source])
            writer.writerows(data())
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("名单")
        sheet.append(HEADERS[source])
        for row in data():
            sheet.append(row)
        book.save(path)
    return len(spoiled)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--bad", type=float, default=0.01)
    parser.add_argument("--source", default="education", choices=sorted(HEADERS))
    args = parser.parse_args()
    spoiled = generate(args.path, args.rows, args.bad, args.source)
    print(f"{args.path}: {args.rows} rows, {spoiled} bad")


if __name__ == "__main__":
    main()
