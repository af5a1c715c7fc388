"""The labelled set: every posting's expected codes and verdict, checked end to end.

tests/postings/labelled.jsonl holds postings written for JobHub (no third-party
text): clear violations of every code, the tricky negatives of issue 5 and plain
postings from every trade. Each row goes through parse_request and review, as the
HTTP endpoint does.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from jobhub.postings import ALL_CODES, parse_request, review, review_to_json

LABELLED = Path(__file__).with_name("labelled.jsonl")
ROWS: list[dict[str, Any]] = [
    json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()
]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_labelled_posting(row: dict[str, Any]) -> None:
    result = review(parse_request(row["posting"]))
    got = sorted({f.code for f in result.findings})
    detail = [(f.code, f.severity, f.text) for f in result.findings]
    assert got == row["expect"]["codes"], f"{row['id']} {row['note']}: {detail}"
    assert result.verdict == row["expect"]["verdict"], f"{row['id']}: {detail}"
    body = review_to_json(result)
    description = row["posting"]["description"]
    for finding in body["findings"]:
        if finding["start"] is not None:
            assert description[finding["start"] : finding["end"]] == finding["text"]


def test_the_set_is_large_enough_and_covers_every_code_and_trade() -> None:
    assert len(ROWS) >= 150
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    positives = Counter(code for r in ROWS for code in r["expect"]["codes"])
    assert set(positives) == set(ALL_CODES), (
        f"codes without a labelled example: {set(ALL_CODES) - set(positives)}"
    )
    plain_trades = {r["trade"] for r in ROWS if r["kind"] == "plain"}
    assert {
        "factory",
        "kitchen",
        "care",
        "logistics",
        "construction",
        "office",
        "it",
    } <= plain_trades
    for trade in ("factory", "kitchen", "care", "logistics", "construction", "office", "it"):
        assert sum(r["trade"] == trade and r["kind"] == "plain" for r in ROWS) >= 5, trade
    assert sum(r["kind"] == "tricky_negative" for r in ROWS) >= 30
    for row in ROWS:
        if row["kind"] in ("plain", "tricky_negative"):
            assert row["expect"] == {"verdict": "ok", "codes": []}, row["id"]


def test_every_tricky_negative_named_in_issue_5_is_in_the_set() -> None:
    text = "\n".join(r["posting"]["description"] for r in ROWS if r["kind"] == "tricky_negative")
    text += "\n".join(r["posting"]["description"] for r in ROWS if r["kind"] == "plain")
    for phrase in (
        "解决北京户口",
        "落户",
        "三八节",
        "结婚生子贺礼",
        "生育津贴",
        "男女不限",
        "性别不限",
        "年龄不限",
        "退役军人优先",
        "欢迎残疾人士",
        "高校毕业生优先",
        "健康证",
        "特种作业操作证",
        "不收取任何",
        "无需押金",
    ):
        assert phrase in text, phrase
