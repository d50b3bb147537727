"""`fanli import PATH...` as a batch: folders, file-by-file atomicity, duplicates, id clashes, the
summary, temp files and stray files, links out of data/. No LibreOffice here (see test_formats.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fanli.cli import main
from fanli.core.load import load_unit_text
from fanli.ingest.batch import Status, field_name, import_batch, report_files
from fanli.ingest.types import read_taxonomy
from fanli.ingest.unitfile import merged_text, unsure_marks

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "seeds").glob("*.txt"))


def report(path: Path, unit: str = "青山镇", year: int = 2023, body: str = "全镇党员参加学习十次。") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{unit}{year}年工作总结\n一、主要工作\n{body}\n二、存在问题\n学习不够深入。\n", encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_folder_is_searched_recursively_for_report_files(tmp_path: Path) -> None:
    report(tmp_path / "in" / "a.txt")
    report(tmp_path / "in" / "2023" / "乡镇" / "b.txt", unit="白云镇")
    (tmp_path / "in" / "notes.xlsx").write_bytes(b"PK")
    (tmp_path / "in" / "~$a.docx").write_bytes(b"lock")  # Word's lock file
    (tmp_path / "in" / "empty").mkdir()
    files, problems = report_files([tmp_path / "in", tmp_path / "in" / "empty", tmp_path / "missing"])
    assert [p.name for p in files] == ["b.txt", "a.txt"]
    assert problems == [
        f"{tmp_path / 'in' / 'empty'}: a folder with no reports in it (fanli reads "
        ".docx .doc .wps .rtf .odt .pdf .txt .md .text .html .htm .mht .mhtml)",
        f"{tmp_path / 'missing'}: no such file or folder",
    ]


def test_one_bad_file_does_not_stop_the_others(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    good = report(tmp_path / "in" / "good.txt")
    (tmp_path / "in" / "bad.txt").write_bytes(b"XX\x00\x01\x02")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    assert main(["--data", str(data_dir), "import", str(tmp_path / "in")]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "error: bad.txt: contains the control character U+0000; is it a text file?",
        "error: empty.txt: the document is empty",
    ]
    assert out.endswith("imported: 1, failed: 2\n")
    [written] = (data_dir / "units").glob("*.yml")
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["documents"][0]["source"] == good.name


def test_all_or_nothing_writes_nothing_when_a_file_fails(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    report(tmp_path / "good.txt")
    (tmp_path / "bad.txt").write_bytes(b"")
    files = [str(tmp_path / "good.txt"), str(tmp_path / "bad.txt")]
    assert main(["--data", str(data_dir), "import", "--all-or-nothing", *files]) == 1
    assert "not written" in capsys.readouterr().out
    assert not (data_dir / "units").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the document is empty"),
        ("binary.doc", bytes(range(256)), "is not a word-processor document"),
        ("empty.doc", b"", "the file is empty (0 bytes)"),
        ("corrupt.pdf", b"%PDF-1.7\n%garbage", "is not a readable PDF file"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "is encrypted (password-protected)"),
        ("locked.pdf", (ROOT / "tests" / "fixtures" / "formats" / "locked.pdf").read_bytes(), "is password-protected"),
        ("page.html", b"<html><body><script>x</script></body></html>", "the document is empty"),
    ],
)
def test_a_failed_file_leaves_data_byte_identical(
    name: str, content: bytes, message: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["--data", str(data_dir), "import", str(SEEDS[0])]) == 0
    before = snapshot(data_dir)
    bad = tmp_path / name
    bad.write_bytes(content)
    assert main(["--data", str(data_dir), "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {name}: ") and message in err and len(err.splitlines()) == 1
    assert snapshot(data_dir) == before


def test_an_empty_folder_is_named_as_a_folder(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "reports").mkdir()
    assert main(["--data", str(data_dir), "import", str(tmp_path / "reports")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'reports'}: a folder with no reports in it (fanli reads " + (
        ".docx .doc .wps .rtf .odt .pdf .txt .md .text .html .htm .mht .mhtml)\n"
    )


# --- duplicates -------------------------------------------------------------------------------------


def test_the_same_report_twice_in_a_batch_is_imported_once(data_dir: Path, tmp_path: Path) -> None:
    first = report(tmp_path / "a.txt")
    copy = tmp_path / "a-copy.txt"  # the same text, other line ends and encoding
    copy.write_bytes(first.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gbk"))
    result = import_batch([first, copy], data_dir)
    assert [o.status for o in result.outcomes] == [Status.IMPORTED, Status.DUPLICATE]
    assert result.outcomes[1].message == "same report as a.txt in this batch"
    assert not result.failed


def test_a_web_page_of_an_imported_report_is_a_near_duplicate(data_dir: Path, tmp_path: Path) -> None:
    """The page adds a menu and a footer, and loses the blank lines: same report all the same."""
    text = SEEDS[1].read_text(encoding="utf-8")
    import_batch([SEEDS[1]], data_dir)
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><body><nav>首页 新闻</nav><div class='content'>{paragraphs}</div>"
        "<div class='footer'>版权所有</div></body></html>",
        encoding="utf-8",
    )
    [outcome] = import_batch([page], data_dir).outcomes
    assert outcome.status is Status.DUPLICATE
    assert outcome.message.startswith("already imported as ")
    assert outcome.message.endswith(f"from {SEEDS[1].name}); --force replaces it")


def test_a_reimport_is_skipped_with_a_note(data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--data", str(data_dir), "import", str(SEEDS[0])]) == 0
    before = snapshot(data_dir)
    capsys.readouterr()
    assert main(["--data", str(data_dir), "import", str(SEEDS[0])]) == 0
    out = capsys.readouterr().out
    assert "duplicate" in out and "already imported as" in out
    assert out.endswith("imported: 0, duplicates skipped: 1, failed: 0\n")
    assert snapshot(data_dir) == before


def test_reports_that_only_share_boilerplate_are_not_duplicates(data_dir: Path, tmp_path: Path) -> None:
    a = report(tmp_path / "a.txt", body="全镇党员参加学习十次，开展廉政谈话二十人次，签订责任书三十份。")
    b = report(tmp_path / "b.txt", unit="白云镇", body="全镇整治群众身边不正之风问题八个，查处违纪案件两件。")
    assert [o.status for o in import_batch([a, b], data_dir).outcomes] == [Status.IMPORTED, Status.IMPORTED]


# --- one id, two files ---------------------------------------------------------------------------------


def test_two_files_with_one_id_refuse_the_later_without_force(data_dir: Path, tmp_path: Path) -> None:
    a = report(tmp_path / "a.txt", body="全镇党员参加学习十次。")
    b = report(tmp_path / "b.txt", body="这是另一份同名报告，内容完全不同，讲的是别的事情。")
    result = import_batch([a, b], data_dir)
    assert [o.status for o in result.outcomes] == [Status.IMPORTED, Status.FAILED]
    assert result.outcomes[1].message == (
        "b.txt: document id qing-shan-zhen-2023-zongjie is also a.txt's in this batch; "
        "import one of them alone, or both with --force (the later replaces the earlier)"
    )
    [target] = result.written
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["documents"][0]["source"] == "a.txt"


def test_two_files_with_one_id_under_force_are_both_named(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    a = report(tmp_path / "a.txt", body="全镇党员参加学习十次。")
    b = report(tmp_path / "b.txt", body="这是另一份同名报告，内容完全不同，讲的是别的事情。")
    assert main(["--data", str(data_dir), "import", "--force", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "replaced by b.txt (same document id qing-shan-zhen-2023-zongjie, --force)" in out
    assert "replaces a.txt's document (same id qing-shan-zhen-2023-zongjie) from this batch" in out
    [target] = (data_dir / "units").glob("*.yml")
    assert [d["source"] for d in yaml.safe_load(target.read_text(encoding="utf-8"))["documents"]] == ["b.txt"]


def test_force_keeps_the_comments_on_the_replaced_document(data_dir: Path, tmp_path: Path) -> None:
    [target] = import_batch([report(tmp_path / "a.txt")], data_dir).written
    second = import_batch([report(tmp_path / "b.txt", year=2022)], data_dir).written
    assert second == [target]
    text = target.read_text(encoding="utf-8")
    text = text.replace("documents:\n", "documents:\n# 2023年的，人工校对过\n", 1)
    text = text.replace("  title: 青山镇2023年工作总结\n", "  title: 青山镇2023年工作总结  # 标题已核对\n", 1)
    text = text.replace("- id: qing-shan-zhen-2022-zongjie\n", "# 2022年的\n- id: qing-shan-zhen-2022-zongjie\n", 1)
    target.write_text(text, encoding="utf-8")
    revised = report(tmp_path / "c.txt", body="修订后的正文：全镇党员参加学习十二次，另外开展廉政谈话。")
    [outcome] = import_batch([revised], data_dir, force=True).outcomes
    assert outcome.status is Status.IMPORTED
    merged = target.read_text(encoding="utf-8")
    assert "# 2023年的，人工校对过\n- id: qing-shan-zhen-2023-zongjie\n" in merged
    assert "  title: 青山镇2023年工作总结  # 标题已核对\n" in merged
    assert "# 2022年的\n- id: qing-shan-zhen-2022-zongjie\n" in merged
    assert "修订后的正文" in merged
    assert main(["--data", str(data_dir), "check"]) == 0


# --- temp files, stray files, links ----------------------------------------------------------------------


KILLED_IMPORT = """
import os, sys
from fanli.ingest import unitfile
def killed(src, dst):
    os.kill(os.getpid(), 9)  # kill -9 in the middle of the write: no cleanup runs
unitfile.os.replace = killed
from fanli.cli import main
main(sys.argv[1:])
"""


def test_an_import_killed_mid_write_leaves_no_temp_file_among_the_units(data_dir: Path, tmp_path: Path) -> None:
    assert main(["--data", str(data_dir), "import", str(SEEDS[0])]) == 0
    before = snapshot(data_dir / "units")
    command = [sys.executable, "-c", KILLED_IMPORT, "--data", str(data_dir), "import", str(SEEDS[1])]
    assert subprocess.run(command, check=False, capture_output=True).returncode == -9
    assert snapshot(data_dir / "units") == before  # nothing half-written, nothing stray
    [left] = (data_dir / ".fanli-tmp").iterdir()
    assert main(["--data", str(data_dir), "check"]) == 1  # check names it
    assert main(["--data", str(data_dir), "import", str(SEEDS[1])]) == 0  # the next run removes it
    assert not left.exists()
    assert main(["--data", str(data_dir), "check"]) == 0


def test_check_reports_stray_files_in_data_units(data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--data", str(data_dir), "import", str(SEEDS[0])]) == 0
    units = data_dir / "units"
    (units / ".xxx-xiang.yml.8f2k.tmp").write_text("unit:\n", encoding="utf-8")
    (units / "notes.txt").write_text("hi", encoding="utf-8")
    (units / "old").mkdir()
    capsys.readouterr()
    assert main(["--data", str(data_dir), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{units / '.xxx-xiang.yml.8f2k.tmp'}: not a unit file" in err
    assert f"{units / 'notes.txt'}: not a unit file" in err
    assert f"{units / 'old'}: a folder in {units}" in err


def test_a_unit_file_linking_out_of_data_is_not_written_through(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n" * 50, encoding="utf-8")
    (data_dir / "units").mkdir()
    os.symlink(outside, data_dir / "units" / "qing-shan-zhen.yml")
    assert main(["--data", str(data_dir), "import", str(report(tmp_path / "a.txt"))]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: a.txt: {data_dir / 'units' / 'qing-shan-zhen.yml'} is a link to a file outside {data_dir}; "
        "fanli does not write through it\n"
    )
    assert outside.read_text(encoding="utf-8") == "root:x:0:0:root:/root:/bin/bash\n" * 50


def test_a_unit_file_that_is_not_yaml_is_quoted_by_one_line_at_most(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    (data_dir / "units").mkdir()
    (data_dir / "units" / "qing-shan-zhen.yml").write_text("unit: [\n" + "x: 'y\n" * 200, encoding="utf-8")
    assert main(["--data", str(data_dir), "import", str(report(tmp_path / "a.txt"))]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: a.txt: qing-shan-zhen.yml cannot take it: ") and len(line) < 400


def test_unsure_fields_are_named_for_review() -> None:
    assert field_name(("unit", "name")) == "unit.name"
    assert field_name(("documents", 0, "year")) == "year"
    assert field_name(("documents", 0, "sections", 2, "kind")) == "sections[3].kind"


def test_needs_review_lists_the_fields(data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--data", str(data_dir), "import", str(SEEDS[2])]) == 0
    out = capsys.readouterr().out
    assert "needs review" in out and "待确认: unit.name" in out
    assert out.endswith("imported: 1, needs review: 1, failed: 0\n")


# --- the 待确认 marks in the unit files ---------------------------------------------------------------

REAL = ROOT.parent / "shared" / "corpus" / "real"

UNSURE_KINDS = (
    "青山镇2023年党风廉政建设工作总结\n一、抓学习\n全镇党员参加学习十次。\n二、抓监督\n开展廉政谈话四十人次。\n"
)


def marks(path: Path) -> dict[int, str]:
    """Line number → the line, for each line of the file that carries a 待确认 mark."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {n: line for n, line in enumerate(lines, start=1) if "# 待确认" in line}


def test_a_real_report_is_written_with_its_marks_listed_by_check_and_built(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from conftest import build_site, copy_project

    real = REAL / "36_taizi_zicha.txt"
    if not real.is_file():
        pytest.skip(f"{real} is not beside the checkout")
    project = copy_project(tmp_path / "project", with_units=False)
    data = project / "data"
    assert main(["--data", str(data), "import", str(real)]) == 0
    [target] = (data / "units").glob("*.yml")
    marked = marks(target)
    year_line = next(n for n, line in marked.items() if re.fullmatch(r"  year: 2018  # 待确认: 标题中没有年份.*", line))
    kind_line = next(n for n, line in marked.items() if re.fullmatch(r" +kind: \S+  # 待确认: 标题未说明类型.*", line))
    capsys.readouterr()
    assert main(["--data", str(data), "check", "--unsure"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert f"{target}:{year_line}: documents[1].year: 标题中没有年份，按正文推断" in listed
    assert any(line.startswith(f"{target}:{kind_line}: documents[1].sections[") for line in listed)
    assert len(listed) == len(marked)
    assert main(["--data", str(data), "check"]) == 0  # the marks are comments: the data loads as before
    build_site(project, tmp_path / "site")


def test_each_mark_names_its_field_and_a_deleted_mark_is_not_listed(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(UNSURE_KINDS, encoding="utf-8")
    [target] = import_batch([source], data_dir).written
    text = target.read_text(encoding="utf-8")
    assert text.count("# 待确认") == 2
    target.write_text(
        text.replace("kind: 成效  # 待确认: 标题未说明类型，按位置推断\n", "kind: 成效\n", 1), encoding="utf-8"
    )
    capsys.readouterr()
    main(["--data", str(data_dir), "check", "--unsure"])
    [line] = capsys.readouterr().out.splitlines()
    assert re.fullmatch(
        rf"{re.escape(str(target))}:\d+: documents\[1\]\.sections\[2\]\.kind: 标题未说明类型，按位置推断", line
    )


def test_force_marks_the_new_guesses_and_keeps_what_a_person_confirmed(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(UNSURE_KINDS, encoding="utf-8")
    [target] = import_batch([source], data_dir).written
    lines = target.read_text(encoding="utf-8").splitlines()
    first, second = marks(target)
    # a person confirms the first section's kind and comments on the second's
    lines[first - 1] = lines[first - 1].split("  #")[0]
    lines[second - 1] = lines[second - 1].split("  #")[0] + "  # 看过，再议"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the revised report: the first section's kind is the same guess, the second's sure, a third section unsure
    revised = UNSURE_KINDS.replace("二、抓监督", "二、存在问题") + "三、抓作风\n作风明显好转。\n"
    source.write_text(revised.replace("十次", "十二次"), encoding="utf-8")
    [outcome] = import_batch([source], data_dir, force=True).outcomes
    assert outcome.status is Status.REVIEW
    lines = target.read_text(encoding="utf-8").splitlines()
    kinds = [line.strip() for line in lines if line.strip().startswith("kind:")]
    assert kinds[0] == "kind: 成效"  # confirmed, same guess: not marked again
    assert kinds[1] == "kind: 问题  # 看过，再议"  # the person's comment stays; the sure guess has no mark
    assert "  - heading: 三、抓作风  # 待确认: kind：标题未说明类型，请补上 kind" in lines  # a new guess is marked
    assert main(["--data", str(data_dir), "check"]) == 0


def test_a_mark_is_renewed_when_a_marked_guess_is_imported_again(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(UNSURE_KINDS, encoding="utf-8")
    [target] = import_batch([source], data_dir).written
    before = marks(target)
    source.write_text(UNSURE_KINDS.replace("十次", "十二次"), encoding="utf-8")
    import_batch([source], data_dir, force=True)
    assert marks(target) == before  # one mark per guess, never two on a line


def test_a_document_merged_into_a_unit_file_carries_its_marks(data_dir: Path, tmp_path: Path) -> None:
    import_batch([report(tmp_path / "a.txt", year=2022)], data_dir)
    source = tmp_path / "b.txt"
    source.write_text(UNSURE_KINDS, encoding="utf-8")
    [target] = import_batch([source], data_dir).written
    text = target.read_text(encoding="utf-8")
    assert text.count("  # 待确认: 标题未说明类型，按位置推断\n") == 2
    assert [field for _, field, _ in unsure_marks(text)] == [
        "documents[2].sections[1].kind",
        "documents[2].sections[2].kind",
    ]


def test_the_round_trip_writer_never_writes_aliases(data_dir: Path, tmp_path: Path) -> None:
    """Unit files refuse YAML aliases; one Python object in two places must be written twice."""
    [target] = import_batch([report(tmp_path / "a.txt")], data_dir).written
    themes = ["党风廉政建设"]
    paragraphs = ["全镇党员参加学习。"]
    document = {
        "id": "qing-shan-zhen-2021-zongjie",
        "title": "青山镇2021年工作总结",
        "year": 2021,
        "genre": "工作总结",
        "themes": themes,
        "sections": [
            {"heading": "一、成效", "kind": "成效", "themes": themes, "paragraphs": paragraphs},
            {"heading": "二、问题", "kind": "问题", "themes": themes, "paragraphs": paragraphs},
        ],
    }
    text = merged_text(target, [document], force=False)
    events = list(yaml.parse(text))
    assert not [e for e in events if isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None)]
    load_unit_text(text, target, read_taxonomy(data_dir))
