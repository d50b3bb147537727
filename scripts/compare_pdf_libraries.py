"""Measure pypdfium2 against pdfplumber on Chinese PDFs: the figures in docs/pdf-libraries.md.

Each report of ../shared/corpus/real/ (texts the PDF reader was not tuned on) is laid out by
python-docx + LibreOffice as a PDF with a CJK font, a running header (the title) and `第 N 页`
footers, one paragraph per line of the text file. For each library this measures, over all PDFs:

- time: seconds to extract the text of every page (the library's plain-text extraction);
- order: how much of the source text comes out in the source's order (difflib ratio of the
  source's characters to the extraction's, spaces and the header/footer lines left out);
- spaces: spaces put next to a Chinese character that the source does not have (LibreOffice
  leaves a gap between Chinese and Latin text; a library may read it as a space);
- furniture: whether each page's header and page number come out as lines of their own.

Then fanli's reader (pypdfium2, lines rebuilt from character boxes, re-flowed by geometry) is
scored on paragraphs: the share of source lines it gives back exactly, as whole paragraphs.

    .venv/bin/python scripts/compare_pdf_libraries.py [--limit N]
"""

from __future__ import annotations

import argparse
import difflib
import re
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from fanli.dev.sample_files import convert_docx, write_report_docx
from fanli.ingest.pdf_text import pdf_text

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"
CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
CJK_SPACE = re.compile(rf"(?<=[{CJK}]) | (?=[{CJK}])")
PAGE_LINE = re.compile(r"^第 ?\d+ ?页$")
HEADER_CHARS = 24


def pdfium_pages(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    pages = []
    for page in document:
        textpage = page.get_textpage()
        pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
        textpage.close()
        page.close()
    document.close()
    return pages


def plumber_pages(path: Path) -> list[str]:
    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def score(pages: list[str], source: str, header: str) -> tuple[float, int, bool]:
    """(order ratio, spurious spaces next to CJK, header and page number on lines of their own)."""
    body, furniture_apart = [], True
    header = header.replace(" ", "")
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.split("\n") if line.strip()]
        squeezed = [line.replace(" ", "") for line in lines]
        furniture_apart &= squeezed[:1] == [header] and f"第{number}页" in squeezed[-1:]
        pairs = zip(lines, squeezed, strict=True)
        body += [line for line, bare in pairs if bare != header and not PAGE_LINE.match(bare)]
    text = "\n".join(body)
    extracted = "".join(text.split())
    wanted = "".join(source.split())
    ratio = difflib.SequenceMatcher(None, wanted, extracted, autojunk=False).ratio()
    spaces = len(CJK_SPACE.findall(text)) - len(CJK_SPACE.findall(source))
    return ratio, max(0, spaces), furniture_apart


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    texts = sorted(CORPUS.glob("*.txt"))[: args.limit]
    with tempfile.TemporaryDirectory(prefix="fanli-pdfcmp-") as work:
        sources = {}
        docx_files = []
        for path in texts:
            lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            sources[path.stem] = lines
            header = lines[0][:HEADER_CHARS]  # a running header: the title, or its start
            docx_files.append(write_report_docx(Path(work) / f"{path.stem}.docx", lines, header=header))
        pdfs = convert_docx(docx_files, "pdf", Path(work) / "pdf")
        page_count = sum(len(pdfium.PdfDocument(str(p))) for p in pdfs)
        print(f"{len(pdfs)} PDFs, {page_count} pages, from {CORPUS}")
        print("| library | s / 100 pages | text in source order | spaces added next to CJK | header, page no. apart |")
        print("|---|---|---|---|---|")
        for name, extract in (("pypdfium2", pdfium_pages), ("pdfplumber", plumber_pages)):
            started = time.perf_counter()
            extracted = {p.stem: extract(p) for p in pdfs}
            seconds = time.perf_counter() - started
            ratios, spaces, apart = [], 0, 0
            for stem, pages in extracted.items():
                ratio, added, furniture = score(pages, "\n".join(sources[stem]), sources[stem][0][:HEADER_CHARS])
                ratios.append(ratio)
                spaces += added
                apart += furniture
            print(
                f"| {name} | {100 * seconds / page_count:.2f} | {100 * sum(ratios) / len(ratios):.2f} % "
                f"(worst {100 * min(ratios):.1f} %) | {spaces} | {apart} of {len(pdfs)} files |"
            )
        started = time.perf_counter()
        exact = total = furniture_lines = 0
        for path in pdfs:
            result = pdf_text(path)
            wanted = sources[path.stem]
            got = set(result.paragraphs)
            exact += sum(1 for line in wanted if line in got)
            total += len(wanted)
            furniture_lines += len(result.furniture)
        seconds = time.perf_counter() - started
        print(
            f"\nfanli's reader (pypdfium2 + geometry): {exact} of {total} source lines back as whole paragraphs "
            f"({100 * exact / total:.1f} %), {furniture_lines} furniture lines set apart "
            f"(expected {2 * page_count}), {100 * seconds / page_count:.2f} s / 100 pages"
        )


if __name__ == "__main__":
    main()
