"""Reading report files: encodings, line ends, .docx numbering and styles, page furniture, bad files."""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

import docx
import pytest

from fanli.ingest.docx_text import chinese_count, docx_lines
from fanli.ingest.framing import split_frame
from fanli.ingest.reading import Line, ReadFailure, read_source

REPORT = "XX镇2023年工作总结\n一、主要工作\n（一）加强学习。全镇党员参加学习XX次。\n二、存在问题\n学习不够深入。\n"


def texts(path: Path) -> list[str]:
    return [line.text for line in read_source(path).lines]


@pytest.mark.parametrize(
    "encoded",
    [
        REPORT.encode("utf-8"),
        codecs.BOM_UTF8 + REPORT.encode("utf-8"),
        REPORT.replace("\n", "\r\n").encode("utf-8"),
        REPORT.encode("gbk"),
        REPORT.replace("\n", "\r\n").encode("gb18030"),
        REPORT.encode("utf-16"),  # with a byte order mark
        REPORT.encode("utf-16-le"),  # without one
        REPORT.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf8-crlf", "gbk", "gb18030-crlf", "utf16", "utf16le-nobom", "utf16be-nobom"],
)
def test_every_common_encoding_reads_the_same(encoded: bytes, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(encoded)
    assert texts(path) == REPORT.splitlines()


def test_markdown_heading_marks_give_levels(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("\n\n# XX镇2023年工作总结\n\n## 主要工作\n\n正文。\n", encoding="utf-8")
    assert read_source(path).lines == [Line("XX镇2023年工作总结", 0), Line("主要工作", 1), Line("正文。")]


def test_page_numbers_and_running_headers_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    lines = ["XX镇2023年工作总结", "一、甲", "正文。", "- 2 -", "XX镇2023年工作总结", "第3页 共5页", "3/5"]
    path.write_text("\n".join([*lines, "XX镇2023年工作总结", "二、乙"]), encoding="utf-8")
    source = read_source(path)
    assert [line.text for line in source.lines] == ["XX镇2023年工作总结", "一、甲", "正文。", "二、乙"]
    assert source.dropped == ["- 2 -", "XX镇2023年工作总结", "第3页 共5页", "3/5", "XX镇2023年工作总结"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.txt", b"", "the document is empty"),
        ("report.txt", b"\r\n \r\n##paidbegin##\n", "the document is empty"),
        ("report.txt", b"XX\x00\x01\x02", "control character U+0000"),
        ("report.pdf", b"%PDF-1.4", "is not a readable PDF file"),
        ("report.pdf", b"", "is not a readable PDF file"),
        ("report.doc", b"", "the file is empty (0 bytes)"),
        ("report.doc", bytes(range(256)) * 4, "is not a word-processor document"),
        ("report.wps", b"\x89PNG\r\n\x1a\n" + bytes(64), "is not a word-processor document"),
        ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)), "damaged Word document"),
        ("report.html", b"  \n", "the page is empty"),
        ("report.mht", b"MIME-Version: 1.0\nContent-Type: text/plain\n\nhello", "no text/html part"),
        ("report", b"text", "unsupported format '(none)'"),
        ("report.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "encrypted (password-protected)"),
        ("report.docx", b"PK\x03\x04 not really a zip", "is not a readable .docx file"),
        ("report.docx", b"plain text renamed", "is not a readable .docx file"),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "corrupt-pdf",
        "empty-pdf",
        "empty-doc",
        "binary-doc",
        "image-wps",
        "damaged-ole-doc",
        "empty-html",
        "mht-without-page",
        "no-suffix",
        "encrypted",
        "corrupt-zip",
        "not-zip",
    ],
)
def test_bad_files_are_refused_with_the_reason(name: str, content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadFailure, match=rf"^{re.escape(name)}: .*{re.escape(message)}"):
        read_source(path)


def test_a_zip_that_is_no_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReadFailure, match=r"is not a readable \.docx file"):
        read_source(path)


def test_a_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    (tmp_path / "报告.docx").mkdir()
    with pytest.raises(ReadFailure, match=r"报告\.docx: is a folder, not a file"):
        read_source(tmp_path / "报告.docx")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadFailure, match=r"missing\.txt: cannot be read"):
        read_source(tmp_path / "missing.txt")


# --- .docx -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")])
def test_chinese_counting(n: int, text: str) -> None:
    assert chinese_count(n) == text


def test_word_list_numbering_is_rebuilt() -> None:
    lines = docx_lines(Path(__file__).parent / "fixtures" / "reports" / "05-dangjian-list-numbering.docx")
    numbered = [text for text, _ in lines if text[:1] in "一二三（"]
    assert numbered == [
        "一、党建工作开展情况",
        "（一）强化政治引领。局党组理论学习中心组集中学习XX次。",
        "（二）夯实基层基础。规范党支部“三会一课”。",
        "二、存在的问题",
        "三、下一步打算",
        "（一）深化模范机关创建。",  # a deeper level restarts after a higher one
    ]


def test_docx_styles_tables_and_no_headers_or_footers() -> None:
    lines = docx_lines(Path(__file__).parent / "fixtures" / "reports" / "04-zongjie-silu-styles.docx")
    assert lines[0] == ("XX街道2023年工作总结和2024年工作思路", 0)
    assert ("2023年主要工作", 1) in lines and ("党建引领基层治理", 2) in lines
    assert ("指标 | 目标 | 完成", None) in lines
    assert all("办事处" not in text and "第 1 页" not in text for text, _ in lines)  # header and footer


def test_chinese_heading_style_names(tmp_path: Path) -> None:
    document = docx.Document()
    document.styles["Heading 1"].name = "标题 1"
    document.add_paragraph("XX镇2023年工作总结")
    document.add_paragraph("主要工作", style="标题 1")
    document.save(str(tmp_path / "report.docx"))
    assert docx_lines(tmp_path / "report.docx")[1] == ("主要工作", 1)


# --- the frame --------------------------------------------------------------------------------------


def frame_of(*lines: str):
    return split_frame([Line(line) for line in lines])


def test_salutation_formula_signature_and_date_are_taken_off() -> None:
    frame = frame_of(
        "标题",
        "各位领导、同志们：",
        "开头。",
        "一、甲",
        "正文。",
        "以上报告，不妥之处请批评指正。",
        "XX镇党委",
        "2023年12月20日",
    )
    assert (frame.salutation, frame.closing_formula, frame.signature, frame.date) == (
        "各位领导、同志们：",
        "以上报告，不妥之处请批评指正。",
        ["XX镇党委"],
        "2023年12月20日",
    )
    assert [line.text for line in frame.body] == ["开头。", "一、甲", "正文。"]


def test_byline_date_and_subtitle_after_the_title() -> None:
    frame = frame_of(
        "在大会上的讲话",
        "——在2024年工作会议上",
        "XX镇党委书记 李明",
        "（２０２４年２月２０日）",
        "同志们：",
        "一、甲",
    )
    assert (frame.subtitle, frame.signature, frame.date, frame.salutation) == (
        "——在2024年工作会议上",
        ["XX镇党委书记 李明"],
        "（２０２４年２月２０日）",
        "同志们：",
    )
    assert [line.text for line in frame.body] == ["一、甲"]


def test_ordinary_lines_are_no_frame() -> None:
    frame = frame_of("标题", "存在问题：", "一、甲", "全镇干部积极参与。", "谢谢你的帮助，我们会继续努力。")
    assert (frame.salutation, frame.closing_formula, frame.signature, frame.date) == ("", "", [], "")
    assert len(frame.body) == 4


def test_markdown_bold_lines_lose_their_markers_but_placeholders_stay(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("标题\n**一、主要做法**\n__二、问题__\n**镇坚持XX。\n**\n", encoding="utf-8")
    assert texts(path) == ["标题", "一、主要做法", "二、问题", "**镇坚持XX。", "**"]
    txt = tmp_path / "report.txt"
    txt.write_text("标题\n**一、主要做法**\n", encoding="utf-8")
    assert texts(txt) == ["标题", "**一、主要做法**"]  # only Markdown has bold


def test_repeated_labels_and_sentences_are_text_not_headers(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    lines = ["XX镇2023年对照检查材料", "一、问题"] + ["存在问题：", "学习不够。", "整改到位。"] * 3
    path.write_text("\n".join(lines), encoding="utf-8")
    assert texts(path) == lines
