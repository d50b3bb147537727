"""Reading every format: PDFs (made here with LibreOffice and a CJK font), .doc/.wps/.rtf/.odt (made
once, in tests/fixtures/formats), saved web pages. Tests marked `libreoffice` start it; they share
one PDF-making run and one batch import, so LibreOffice starts three times in all."""

from __future__ import annotations

import shutil
from email.message import EmailMessage
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from fanli.cli import main
from fanli.dev.sample_files import convert_docx, write_report_docx
from fanli.ingest import batch as batch_module
from fanli.ingest import convert
from fanli.ingest.reading import ReadFailure, read_source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "seeds").glob("*.txt"))
FORMATS = ROOT / "tests" / "fixtures" / "formats"


def lines_of(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """PDFs with a running header (the title) and `第 N 页` footers, from LibreOffice in one run:
    a seed report (four pages), and the report that tests/fixtures/formats/report.doc holds."""
    work = tmp_path_factory.mktemp("pdfs")
    seed = lines_of(SEEDS[0])
    from fixtures.formats.make_formats import REPORTS  # the text of report.doc

    doc_lines = REPORTS["report.doc"][1]
    sources = [
        write_report_docx(work / "seed.docx", seed, header=seed[0]),
        write_report_docx(work / "baiyun.docx", doc_lines, header=doc_lines[0]),
    ]
    made = {p.stem: p for p in convert_docx(sources, "pdf", work / "out")}
    mixed = pdfium.PdfDocument(str(made["seed"]))  # a scanned page in the middle: no text layer
    mixed.new_page(595, 842).close()
    mixed.save(str(work / "mixed.pdf"))
    mixed.close()
    scan = pdfium.PdfDocument.new()
    scan.new_page(595, 842).close()
    scan.save(str(work / "scan.pdf"))
    scan.close()
    return {**made, "mixed": work / "mixed.pdf", "scan": work / "scan.pdf"}


@pytest.mark.libreoffice
def test_a_pdf_reads_as_its_paragraphs_with_the_page_furniture_apart(pdfs: dict[str, Path]) -> None:
    source = read_source(pdfs["seed"])
    assert [line.text for line in source.lines] == [line.text for line in read_source(SEEDS[0]).lines]
    pages = len(pdfium.PdfDocument(str(pdfs["seed"])))
    title = lines_of(SEEDS[0])[0]
    assert pages >= 3
    assert source.dropped == [text for page in range(1, pages + 1) for text in (title, f"第 {page} 页")]
    assert source.notes == []


@pytest.mark.libreoffice
def test_a_pdf_page_without_text_is_named(pdfs: dict[str, Path]) -> None:
    source = read_source(pdfs["mixed"])
    pages = len(pdfium.PdfDocument(str(pdfs["mixed"])))
    assert source.notes == [f"mixed.pdf: page(s) {pages} have no text layer (scanned?); their text is not imported"]
    assert [line.text for line in source.lines] == [line.text for line in read_source(SEEDS[0]).lines]


@pytest.mark.libreoffice
def test_a_pdf_with_no_text_layer_is_refused(pdfs: dict[str, Path]) -> None:
    with pytest.raises(ReadFailure, match=r"^scan\.pdf: has no text layer \(a scan\?\) on any of its 1 page"):
        read_source(pdfs["scan"])


@pytest.mark.libreoffice
def test_a_batch_of_every_format_converts_in_one_libreoffice_run(
    pdfs: dict[str, Path], data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(FORMATS, folder, ignore=shutil.ignore_patterns("*.py", "locked.pdf"))
    shutil.copy(pdfs["seed"], folder / "seed.pdf")
    (folder / "sub").mkdir()
    shutil.copy(pdfs["baiyun"], folder / "sub" / "baiyun.pdf")  # report.doc's report, as a PDF
    header = (FORMATS / "report.doc").read_bytes()[:512]  # a sound file header, then damage
    (folder / "broken.doc").write_bytes(header + bytes(range(256)) * 64)
    runs: list[list[Path]] = []
    real = convert.convert_batch

    def counted(paths: list[Path], target: str, out_dir: Path) -> dict[Path, Path | None]:
        runs.append(list(paths))
        return real(paths, target, out_dir)

    monkeypatch.setattr(batch_module, "convert_batch", counted)
    assert main(["--data", str(data_dir), "import", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert [sorted(p.name for p in run) for run in runs] == [
        ["broken.doc", "report.doc", "report.odt", "report.rtf", "report.wps"]
    ]
    [line] = err.splitlines()
    assert line.startswith(
        "error: broken.doc: LibreOffice cannot open it (damaged, password-protected, or not a document)"
    )
    assert "sub/baiyun.pdf" in out and "already imported" not in out and "same report as report.doc" in out
    sources = sorted(
        d["source"]
        for unit in (data_dir / "units").glob("*.yml")
        for d in yaml.safe_load(unit.read_text(encoding="utf-8"))["documents"]
    )
    assert sources == ["report.doc", "report.odt", "report.rtf", "report.wps", "seed.pdf"]
    assert out.endswith("duplicates skipped: 1, failed: 1\n")
    assert main(["--data", str(data_dir), "check"]) == 0


@pytest.mark.libreoffice
def test_fanli_parse_converts_one_file_on_its_own(data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--data", str(data_dir), "parse", str(FORMATS / "report.odt")]) == 0
    document = yaml.safe_load(capsys.readouterr().out)["documents"][0]
    assert document["title"] == "东湖区发展和改革局2023年工作报告"
    assert document["source"] == "report.odt"


def test_without_libreoffice_the_message_names_the_package(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    assert main(["--data", str(data_dir), "import", str(FORMATS / "report.doc"), str(SEEDS[0])]) == 1
    out, err = capsys.readouterr()
    assert err == (
        "error: report.doc: LibreOffice is needed to read .doc, .wps, .rtf and .odt files and was not found; "
        "install it with: apt-get install libreoffice-writer-nogui\n"
    )
    assert out.endswith("imported: 1, failed: 1\n")  # the text report still imports


# --- saved web pages ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>青山镇2023年工作总结_某县人民政府</title>
<style>p {{ color: red }}</style><script>var s = "一、不是正文";</script></head><body>
<div id="top-nav"><a href="/">首页</a> <a href="/gk">政务公开</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开</div>
<div class="wrap"><div class="article"><h1>青山镇2023年工作总结</h1>
<div class="info">发布时间：2024-01-05</div>
<div class="TRS_Editor"><p>　　2023年，青山镇在县委的坚强领导下，扎实推进各项工作。</p>
<p>一、主要工作</p><p>（一）加强学习。全镇党员参加学习十次。</p><p>二、存在问题<br>学习不够深入。</p></div></div>
<div class="related"><ul><li><a href="/1">青山镇2022年工作总结</a></li></ul></div></div>
<div class="footer">版权所有：某县人民政府</div></body></html>"""
PAGE_LINES = [
    "青山镇2023年工作总结",
    "2023年，青山镇在县委的坚强领导下，扎实推进各项工作。",
    "一、主要工作",
    "（一）加强学习。全镇党员参加学习十次。",
    "二、存在问题",
    "学习不够深入。",
]
PAGE_CHROME = [
    "青山镇2023年工作总结_某县人民政府",
    "首页 政务公开",
    "当前位置：首页 > 政务公开",
    "青山镇2022年工作总结",
    "版权所有：某县人民政府",
    "发布时间：2024-01-05",
]


def test_a_saved_web_page_reads_without_its_chrome(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(PAGE.encode("gbk"))
    source = read_source(path)
    assert [line.text for line in source.lines] == PAGE_LINES
    assert source.dropped == PAGE_CHROME  # set apart, listed: never lost silently


def test_a_web_archive_reads_like_the_page(tmp_path: Path) -> None:
    archive = EmailMessage()
    archive["Subject"] = "青山镇2023年工作总结"
    archive.make_mixed()
    page = EmailMessage()
    page.set_content(PAGE.encode("gbk"), maintype="text", subtype="html", cte="quoted-printable")
    page.set_param("charset", "gb2312")
    archive.attach(page)
    path = tmp_path / "page.mht"
    path.write_bytes(archive.as_bytes())
    source = read_source(path)
    assert [line.text for line in source.lines] == PAGE_LINES
    assert source.dropped == PAGE_CHROME
