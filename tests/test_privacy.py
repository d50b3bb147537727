"""`fanli check` finds personal data in the library and allows listed false positives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from fanli.cli import main
from fanli.ingest.privacy import luhn, scan_line, valid_id_card

ROOT = Path(__file__).resolve().parent.parent
ID_CARD = "11010519491231002X"  # the checksum example of GB 11643
BANK_CARD = "6222020200112233446"  # passes the Luhn check


def test_id_card_checksum_and_birth_date() -> None:
    assert valid_id_card(ID_CARD)
    assert not valid_id_card("110105194912310021")  # wrong check digit
    assert not valid_id_card("110105194913310025")  # month 13


def test_luhn() -> None:
    assert luhn(BANK_CARD) and luhn("4111111111111111")
    assert not luhn("4111111111111112")


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (f"身份证号{ID_CARD}。", [("身份证号", ID_CARD)]),
        ("联系电话：13812345678", [("手机号", "13812345678")]),
        ("手机 138-1234-5678 或 ＋86 139 1234 5678", [("手机号", "138-1234-5678"), ("手机号", "+86 139 1234 5678")]),
        ("办公室电话0371-61234567转", [("固定电话", "0371-61234567")]),
        ("电话(010)87654321", [("固定电话", "(010)87654321")]),
        ("邮箱 zhangsan@example.gov.cn。", [("电子邮箱", "zhangsan@example.gov.cn")]),
        (f"账号：{BANK_CARD}", [("银行卡号", BANK_CARD)]),
        ("卡号 4111 1111 1111 1111", [("银行卡号", "4111 1111 1111 1111")]),
    ],
)
def test_personal_data_is_found(line: str, found: list[tuple[str, str]]) -> None:
    assert list(scan_line(line)) == found


@pytest.mark.parametrize(
    "line",
    [
        "2023年12月20日，全镇XX户XX人，投资12345678元。",
        "文号XX发〔2023〕12号，项目编号202312200001。",
        "110105194912310021",  # an 18-digit number failing the checksum
        "4111111111111112",  # 16 digits failing Luhn
        "人均可支配收入18560元，增长7.2%。",
        "@某某 请注意",
    ],
)
def test_ordinary_numbers_are_not_personal_data(line: str) -> None:
    assert list(scan_line(line)) == []


def test_fanli_check_reports_file_and_line_and_allows_listed_strings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    unit = sorted((tmp_path / "data" / "units").glob("*.yml"))[0]
    lines = unit.read_text(encoding="utf-8").splitlines(keepends=True)
    position = next(i for i, line in enumerate(lines) if line.startswith("  - ") and "。" in line)
    lines[position] = lines[position].rstrip("\n") + f"联系人手机13812345678，身份证{ID_CARD}。\n"
    unit.write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    assert main(["check"]) == 1
    err = capsys.readouterr().err
    shown = f"data/units/{unit.name}:{position + 1}: "
    assert f"{shown}手机号「13812345678」不能发布到网站上" in err
    assert f"{shown}身份证号「{ID_CARD}」不能发布到网站上" in err
    assert "2 problem(s) found" in err

    (tmp_path / "data" / "privacy-allow.yml").write_text(
        f"# 已核实不是个人信息\n- '13812345678'\n- {ID_CARD}\n", encoding="utf-8"
    )
    assert main(["check"]) == 0
    assert "ok: 5 units" in capsys.readouterr().out


def test_a_malformed_allow_list_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "privacy-allow.yml").write_text("allow: 138\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert "data/privacy-allow.yml:1: must be a list of the exact strings to allow" in capsys.readouterr().err


def test_import_warns_of_personal_data_that_check_will_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "taxonomy.yml", data / "taxonomy.yml")
    report = tmp_path / "report.txt"
    report.write_text("青山镇2023年工作总结\n一、工作成效\n联系人电话13812345678。\n", encoding="utf-8")
    assert main(["--data", str(data), "import", str(report)]) == 0
    err = capsys.readouterr().err
    assert f"warning: {data / 'units' / 'qing-shan-zhen.yml'}:" in err and "手机号「13812345678」" in err
    assert main(["--data", str(data), "check"]) == 1


LABELLED = yaml.safe_load((ROOT / "tests" / "fixtures" / "privacy" / "labelled.yml").read_text(encoding="utf-8"))


def privacy_scores() -> tuple[float, float]:
    """(recall on the personal lines, share of look-alike lines reported) of the labelled set."""
    found = sum(1 for what, line in LABELLED["personal"] if what in {kind for kind, _ in scan_line(line)})
    reported = sum(1 for line in LABELLED["lookalike"] if list(scan_line(line)))
    return found / len(LABELLED["personal"]), reported / len(LABELLED["lookalike"])


def test_labelled_set_recall_and_false_positives() -> None:
    assert len(LABELLED["personal"]) >= 40 and len(LABELLED["lookalike"]) >= 40
    missed = [line for what, line in LABELLED["personal"] if what not in {kind for kind, _ in scan_line(line)}]
    wrong = [(line, list(scan_line(line))) for line in LABELLED["lookalike"] if list(scan_line(line))]
    recall, false_positives = privacy_scores()
    assert recall >= 0.95, missed
    assert false_positives <= 0.05, wrong
