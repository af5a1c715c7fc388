"""``flask people import``: every bad row named, good rows taken in, a re-import changes nothing."""

from __future__ import annotations

import pytest

from jobhub.extensions import db
from jobhub.imports.models import ImportBatch, ListedPerson
from jobhub.security.models import AuditEvent
from tests.imports.helpers import GRAD_A, GRAD_B, graduates_list, write_xlsx


def _listed(app) -> list[ListedPerson]:
    with app.app_context():
        return list(db.session.scalars(db.select(ListedPerson).order_by(ListedPerson.row_no)))


@pytest.mark.parametrize("writer_name", ["csv", "xlsx"])
def test_import_reports_every_bad_row_and_takes_the_good_ones(app, runner, tmp_path, writer_name):
    from tests.imports import helpers

    writer = helpers.write_csv if writer_name == "csv" else write_xlsx
    path = graduates_list(tmp_path / f"grads.{writer_name}", writer)
    result = runner.invoke(args=["people", "import", str(path), "--source", "education"])
    assert result.exit_code == 0, result.output
    assert "第 4 行，身份证号：身份证号校验位不正确" in result.output
    assert "第 5 行，毕业时间：" in result.output and "不是有效日期" in result.output
    assert "第 6 行，学历：“学士”不是可识别的学历" in result.output
    assert "共 5 行，新增 2，已在名单 0，有误 3" in result.output
    listed = _listed(app)
    assert [p.name for p in listed] == ["李明", "王芳"]
    with app.app_context():
        first = db.session.scalars(db.select(ListedPerson).order_by(ListedPerson.row_no)).first()
        assert first.id_number == GRAD_A and first.street_code == "330106005"  # 翠苑街道
        assert first.facts["school"] == "浙江大学" and first.facts["education"] == "bachelor"
        assert "graduate_within_2y" in first.facts["groups"]


def test_dry_run_writes_nothing(app, runner, tmp_path):
    path = graduates_list(tmp_path / "grads.csv")
    result = runner.invoke(
        args=["people", "import", str(path), "--source", "education", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "检查（未写入）：共 5 行，新增 2" in result.output
    assert _listed(app) == []
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ImportBatch)) == 0


def test_re_importing_the_same_file_changes_nothing(app, runner, tmp_path):
    path = graduates_list(tmp_path / "grads.csv")
    assert (
        runner.invoke(args=["people", "import", str(path), "--source", "education"]).exit_code == 0
    )
    before = [(p.id, p.listed_at, p.facts) for p in _listed(app)]
    again = runner.invoke(args=["people", "import", str(path), "--source", "education"])
    assert again.exit_code == 0 and "未作任何更改" in again.output
    assert [(p.id, p.listed_at, p.facts) for p in _listed(app)] == before
    # the same people in another file of the same source: matched, not duplicated
    other = graduates_list(tmp_path / "renamed.csv")
    other.write_text(other.read_text(encoding="utf-8-sig") + "\n", encoding="utf-8-sig")
    third = runner.invoke(args=["people", "import", str(other), "--source", "education"])
    assert "新增 0，已在名单 2" in third.output
    assert len(_listed(app)) == 2


def test_import_records_source_digest_importer_and_audit(app, runner, tmp_path):
    path = graduates_list(tmp_path / "grads.csv")
    runner.invoke(args=["people", "import", str(path), "--source", "education"])
    with app.app_context():
        batch = db.session.scalars(db.select(ImportBatch)).one()
        assert (batch.source, batch.importer, batch.rows_added, batch.rows_bad) == (
            "education",
            "命令行",
            2,
            3,
        )
        assert len(batch.file_digest) == 64 and batch.finished_at is not None
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "import_list")
        ).one()
        assert event.subject_id == batch.id and "新增 2" in event.purpose


def test_a_file_without_the_required_columns_is_refused_naming_them(app, runner, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("姓名,电话\n李明,139\n", encoding="utf-8")
    result = runner.invoke(args=["people", "import", str(path), "--source", "civil_affairs"])
    assert result.exit_code != 0
    assert "缺少列：身份证号、低保证号" in result.output
    assert _listed(app) == []


def test_the_same_person_twice_in_a_file_is_a_bad_row(app, runner, tmp_path):
    from tests.imports.helpers import write_csv

    path = write_csv(
        tmp_path / "v.csv",
        ["姓名", "身份证号", "退役时间"],
        [
            ["李明", GRAD_A, "2022-09-01"],
            ["李明", GRAD_A, "2022-09-01"],
            ["王芳", GRAD_B, "1999-01-01"],
        ],
    )
    result = runner.invoke(args=["people", "import", str(path), "--source", "veterans"])
    assert "第 3 行，身份证号：与第 2 行身份证号重复" in result.output
    assert "第 4 行，退役时间：退役时间早于出生日期" in result.output
    assert [p.name for p in _listed(app)] == ["李明"]


def test_an_interrupted_import_keeps_whole_batches_and_a_re_run_completes_it(
    app, tmp_path, monkeypatch
):
    """The process dies after its first batch: the rows of that batch are stored, none of the
    next; running the same import again takes in the rest, and nobody twice."""
    from datetime import date

    from benchmarks.imports.generate import make_id
    from jobhub.imports import services
    from jobhub.imports.services import import_list
    from tests.imports.helpers import write_csv

    rows = [
        [f"李{'明芳强'[i % 3]}", make_id(date(1990, 1, 1 + i), i), "2015-09-01"] for i in range(5)
    ]
    path = write_csv(tmp_path / "v.csv", ["姓名", "身份证号", "退役时间"], rows)
    monkeypatch.setattr(services, "BATCH_ROWS", 2)
    commits = []

    def dying_commit():
        db.session.commit()
        commits.append(1)
        if len(commits) == 2:  # the batch row, then the first 2 people
            raise KeyboardInterrupt

    with app.app_context(), pytest.raises(KeyboardInterrupt):
        import_list(path, "veterans", commit=dying_commit)
    assert len(_listed(app)) == 2
    with app.app_context():
        report = import_list(path, "veterans", commit=db.session.commit)
        assert (report.added, report.known, report.already_imported) == (3, 2, False)
        batch = db.session.scalars(db.select(ImportBatch)).one()
        assert batch.finished_at is not None
    assert sorted(p.row_no for p in _listed(app)) == [2, 3, 4, 5, 6]
