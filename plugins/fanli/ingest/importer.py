"""Turn a report (the lines `fanli.reading` reads from a file) into the data of one unit file.

The title comes first, then one paragraph per line; `fanli.framing` takes off the salutation,
closing formula, signature and date, `fanli.ingest.outline` builds the section tree and
`fanli.ingest.classify` names year, genre, themes, unit and level. Every guess the importer is
not sure of is recorded in `Report.unsure`, for `fanli parse` to point out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from fanli.core.dump import document_data, dump_yaml, unit_data
from fanli.core.load import DataError, load_unit_text
from fanli.core.model import Category, Document, Paragraph, Section, Taxonomy, Unit
from fanli.core.text import simplified, strip_number
from fanli.ingest.classify import (
    FALLBACK_GENRE,
    GENERIC_MARK,
    cited_meetings_year,
    classified,
    document_genre,
    document_themes,
    document_year,
    genre_cue,
    genre_in,
    guessed_year,
    heading_genre,
    level_in_name,
    opening_subject,
    reporting_unit,
    review_genre,
    themes_in,
    title_genre,
    title_noun_genre,
    title_years,
    unit_level,
    unit_name,
    unit_slug,
    written_name,
)
from fanli.ingest.framing import is_date, split_frame
from fanli.ingest.outline import OPENING_TIME, SENTENCE_INSIDE, Draft, build_outline, heading_rank, settle_top_kinds
from fanli.ingest.reading import Line, ReadFailure, SourceText, read_source, text_lines
from fanli.ingest.reflow import DOCUMENT_NOUN, FILE_NAME, ends_sentence, is_banner, reflow, width
from fanli.ingest.types import DataPath, ImportFailure, Report

BYLINE_MAX = 15  # a unit's name on its own line under the title ("太子中心学校")
GENRE_CUE_SPAN = 300  # "现将…情况汇报如下" in the opening names the genre a title leaves out


def paragraphs(texts: Iterable[str]) -> tuple[Paragraph, ...]:
    """Model paragraphs for the writer, which ignores anchors: the loader numbers them."""
    return tuple(Paragraph(text, "") for text in texts)


def to_section(draft: Draft, themes: tuple[Category, ...]) -> Section:
    """The model section of a draft, so that `fanli.dump` alone decides the YAML's shape."""
    return Section(
        heading=draft.heading,
        anchor="",
        kinds=draft.kinds,
        themes=themes_in(draft.heading, themes),
        run_in=draft.run_in,
        paragraphs=paragraphs(draft.paragraphs),
        subsections=tuple(to_section(child, themes) for child in draft.children),
    )


TITLE_MAX = 50  # a first line wider than this, or one that ends a sentence, is the first paragraph
TITLE_PART_MAX = 30  # the second line of a title split over two lines is short


def looks_like_title(text: str) -> bool:
    """A first line that can be the title: short, not a sentence, not a numbered heading."""
    return width(text) <= TITLE_MAX and not ends_sentence(text) and heading_rank(text) is None


# Where the first sentence of a paragraph may hold a title run into it: up to its first comma or stop.
FIRST_CLAUSE = re.compile(r"^[^，,。；;：:！!？?]*")
RUN_IN_TITLE_MIN = 6  # "总结一年来…" opens a paragraph; a title is longer
HANDOVER_START = re.compile(r"^(?:现将|现就|现把|下面)")
# A title's second part after its genre word: "及下半年工作计划", "暨2023年工作思路".
TITLE_CONTINUATION = re.compile(r"[及和暨与][^\s，,。；;：:]{0,20}?" + DOCUMENT_NOUN.pattern.removesuffix("$"))


def run_in_title(line: str, genres: tuple[Category, ...]) -> str:
    """A title run into the paragraph after it on one line ("2008年街道办工作总结一年来，…"): the
    line's start up to the genre keyword that ends latest before its first comma, when that fits a
    title; "" when the line holds none."""
    clause = FIRST_CLAUSE.match(line)
    span = clause.group() if clause else ""
    if HANDOVER_START.match(span):
        return ""
    plain = simplified(span)  # same length: keywords found in it mark the written text
    ends = [plain.rfind(k) + len(k) for genre in genres for k in genre.keywords if k in plain]
    end = max(ends, default=0)
    if end and (more := TITLE_CONTINUATION.match(plain, end)):  # …工作总结及下半年工作计划
        end = more.end()
    head = line[:end]
    if end == len(line) or width(head) < RUN_IN_TITLE_MIN or not looks_like_title(head):
        return ""
    return head


# A title run into its first chapter or part on one line, perhaps with a site's word between them (收藏):
# "…整改措施报告收藏第一章…". The title ends on its document noun.
TITLE_BEFORE_PART = re.compile(
    r"^([^，,。；;：:！？!?]{4,50}?"
    + DOCUMENT_NOUN.pattern.removesuffix("$")
    + r")([^，,。；;：:！？!?\d]{0,4})(?=第一(?:部分|章))"
)


def title_before_part(line: str) -> tuple[str, str] | None:
    """(title, the site's word after it) of a line opening with a title run into its 第一章 / 第一部分,
    None when the line does not open so."""
    match = TITLE_BEFORE_PART.match(line)
    return (match.group(1), match.group(2)) if match and looks_like_title(match.group(1)) else None


# A collection's title run into its table of contents: "某镇2023年政府工作报告汇编(35篇)目录1.…".
CONTENTS_AFTER_TITLE = re.compile(r"^([^，,。；;：:！？!?]{4,50}?)(?=目\s*录)")


BROKEN_TITLE_PIECE_MAX = 8  # a PDF dump breaks a title at every change of script: XX / 镇 / 2023 / 年政府工作报告
BROKEN_TITLE_LINES_MAX = 5


def broken_title_lines(lines: list[Line], genres: tuple[Category, ...]) -> int:
    """How many lines (three or more) at the top are one title broken into short pieces (XX / 镇 / 2023 /
    年政府工作报告): every piece but the last very short, none a sentence or a heading, the last ending
    on the document's noun and the whole naming a genre. 0 when the file does not open so."""
    for count in range(3, min(BROKEN_TITLE_LINES_MAX, len(lines)) + 1):
        pieces = [line.text for line in lines[:count]]
        if any(ends_sentence(p) or heading_rank(p) is not None for p in pieces):
            return 0
        if any(width(piece) > BROKEN_TITLE_PIECE_MAX for piece in pieces[:-1]):
            return 0
        joined = "".join(pieces)
        if (
            DOCUMENT_NOUN.search(classified(pieces[-1]))
            and looks_like_title(joined)
            and genre_in(classified(joined), genres)
        ):
            return count
    return 0


def title_lines(lines: list[Line], genres: tuple[Category, ...]) -> tuple[str, list[Line]]:
    """The title ("" when the file has none) and the lines after it; a title whose genre word is
    on a second short line (…学习情况 / 报告), or broken inside it (…对照检 / 查材料), is joined back
    together; a collection's title run into its table of contents (…汇编(35篇)目录1.…) ends there."""
    first, *tail = lines[0].text.rsplit(maxsplit=1)
    if tail and is_date(Line(tail[0])):  # "…工作安排 2016-03-07": the page's date on the title line
        lines = [Line(first), Line(tail[0]), *lines[1:]]
    first = lines[0].text
    if broken := broken_title_lines(lines, genres):
        return "".join(line.text for line in lines[:broken]), lines[broken:]
    if not looks_like_title(first) and not is_banner(first):
        contents = CONTENTS_AFTER_TITLE.match(first)
        head = contents.group(1) if contents else ""
        if head and looks_like_title(head) and genre_in(classified(head), genres):
            return head, [Line(first[len(head) :]), *lines[1:]]  # the contents stay, as the text after it
        head = run_in_title(first, genres)
        if not head:
            return "", lines
        return head, [Line(first[len(head) :].strip()), *lines[1:]]
    rest = lines[1:]
    if not rest:
        return first, rest
    second = rest[0].text
    if (
        width(second) <= TITLE_PART_MAX
        and not ends_sentence(second)
        and heading_rank(second) is None
        and (
            (genre_in(classified(first), genres) is None and DOCUMENT_NOUN.search(classified(second)))
            or keyword_across(classified(first), classified(second), genres)
        )
    ):
        return first + second, rest[1:]
    return first, rest


def repeated_title_cut(title: str, lines: list[Line]) -> list[Line]:
    """The lines after the title, the first one cut after the title it repeats when a numbered
    heading follows the repeat on the same line (a site's preview: "….p3{…}2020年工作情况和2021年
    工作计划一、2020年工作情况…"): the heading starts a line of its own."""
    first = lines[0].text if lines and title else ""
    at = first.find(title)
    if at < 0 or heading_rank(first[at + len(title) :]) is None:
        return lines
    end = at + len(title)
    return [Line(first[:end]), Line(first[end:]), *lines[1:]]


def keyword_across(first: str, second: str, genres: tuple[Category, ...]) -> bool:
    """Whether a genre keyword runs over the break between two lines (…对照检 / 查材料): a title
    hard-wrapped mid-word."""
    joined = first + second
    return any(
        match.start() < len(first) < match.start() + len(keyword)
        for genre in genres
        for keyword in genre.keywords
        for match in re.finditer(re.escape(keyword), joined)
    )


# A field of a web page's metadata on a line of its own before or under the title ("- 索引号: …",
# "发布日期：2025-04-29", "• 信息来源：…"), perhaps as an item of a list: the site's, not the report's.
PAGE_FIELD = re.compile(
    r"^[-•·*]?\s*(?:索引号|发布机构|发文机关|发文机构|发布日期|发布时间|更新时间|成文日期|发文日期|文\s*号|发文字号"
    r"|时效性|有效性|主题分类|体裁分类|公文目录|信息来源|来\s*源|浏览次数|阅读次数|点击[量数])\s*[：:]"
)


def page_field_lines(lines: list[Line]) -> int:
    """How many lines at the top are the page's metadata fields (before the title, or under it)."""
    count = 0
    while count < len(lines) - 1 and PAGE_FIELD.match(lines[count].text.strip()):
        count += 1
    return count


# A site's label in front of the title: 【投资肥西县】, -精品合同推荐-, 第1篇 (a collection's number).
SITE_LABEL = re.compile(r"^(?:【[^】]{1,15}】|[-—－]+[^-—－\s]{1,12}[-—－]+|第\s*\d{1,3}\s*篇[：:]?)\s*")


def site_label(line: str, genres: tuple[Category, ...]) -> str:
    """The site's label in front of a title naming a genre (【投资肥西县】2018年紫蓬镇政府工作报告), ""
    when the line has none: the label is the site's, the title follows it."""
    label = SITE_LABEL.match(line)
    if label is None or label.end() == len(line):
        return ""
    rest = FIRST_CLAUSE.match(line[label.end() :])
    head = rest.group() if rest else ""
    return label.group() if genre_in(classified(head[:TITLE_MAX]), genres) else ""


# What a template site adds to a report's title in its own heading over it: a short bracketed tag
# in front ((材料), 【精选】) and 范文, 范本 or 模板 after it.
SITE_TITLE_TAG = re.compile(r"^[(（【\[][^)）】\]]{1,6}[)）】\]]")
SITE_TITLE_WORD = re.compile(r"(?:优秀)?(?:范文|范本|模板)(?:\d{1,2}篇)?$")
# What may stand before the report's own title where the site masked the unit's name: 〔*〕, X, 某.
MASKED_NAME = re.compile(r"[(（〔【\[]?" + GENERIC_MARK.pattern + r"*[)）〕】\]]?")
SITE_HEADING_SPAN = 6  # lines between a site's heading and the report's own title (date, blurb)


def site_heading_lines(lines: list[Line], genres: tuple[Category, ...]) -> int:
    """How many lines at the top are a template site's heading and its page lines over the
    report's own title: a first line that is the title with the site's tag or 范文 added
    ((材料)…工作总结范文), then the title itself within a few lines (perhaps with the unit's name
    masked, 〔*〕…). 0 when the file does not open so."""
    first = classified(lines[0].text)
    core = SITE_TITLE_WORD.sub("", SITE_TITLE_TAG.sub("", first))
    if core == first or genre_in(core, genres) is None:
        return 0
    for count, line in enumerate(lines[1 : SITE_HEADING_SPAN + 1], start=1):
        own = classified(line.text)
        if own.endswith(core) and MASKED_NAME.fullmatch(own[: len(own) - len(core)]):
            return count
    return 0


def doubled_title(title: str) -> str:
    """The title once, when a site's preview wrote it twice run together (镇2021年工作总结镇2021年工作总结);
    "" when it is not doubled."""
    half = len(title) // 2
    if len(title) % 2 == 0 and half >= RUN_IN_TITLE_MIN and title[:half] == title[half:]:
        return title[:half]
    return ""


def contents_lines(lines: list[Line], genres: tuple[Category, ...]) -> int:
    """How many lines before the title are the document's table of contents (a site shows the
    outline first): short numbered lines, then a title naming a genre, with the first entry heading
    the text again further down. 0 when the file does not open so."""
    count = 0
    while count < len(lines) and heading_rank(lines[count].text) is not None:
        if ends_sentence(lines[count].text) or width(lines[count].text) > TITLE_PART_MAX:
            return 0
        count += 1
    if count < 2 or count == len(lines):
        return 0
    title = lines[count].text
    if not looks_like_title(title) or genre_in(classified(title), genres) is None:
        return 0
    first = classified(strip_number(lines[0].text))
    return count if any(classified(strip_number(line.text)).startswith(first) for line in lines[count + 1 :]) else 0


def section_text(draft: Draft) -> str:
    """A section's words, its subsections' included."""
    return "".join([draft.heading, *draft.paragraphs, *(section_text(child) for child in draft.children)])


def file_name_title(site_lines: list[str], genres: tuple[Category, ...]) -> str:
    """The name of the file a document-sharing site showed over its preview (…工作总结.docx), as the
    title of a text that shows none of its own (the preview's first page opens with the site's
    words); "" when the site named no file, or a file whose name is no report's title."""
    for line in site_lines:
        if FILE_NAME.search(line) and (name := FILE_NAME.sub("", line).strip()):
            return name if looks_like_title(name) and genre_in(classified(name), genres) else ""
    return ""


def parse_lines(lines: list[Line], source_name: str, taxonomy: Taxonomy) -> Report:
    """The report read from its lines (the first is the title, when it looks like one).

    Every field gets a best guess; the ones the text does not settle are listed in `Report.unsure`.
    Only an empty document is refused."""
    repaired = reflow(lines)
    lines = repaired.lines
    if not lines:
        raise ImportFailure(f"{source_name}: the document is empty")
    contents = contents_lines(lines, taxonomy.genres)
    repaired.dropped += [line.text for line in lines[:contents]]  # listed, as what the site added
    lines = lines[contents:]
    fields = page_field_lines(lines)
    repaired.dropped += [line.text for line in lines[:fields]]
    lines = lines[fields:]
    heading = site_heading_lines(lines, taxonomy.genres)
    repaired.dropped += [line.text for line in lines[:heading]]  # listed, as what the site added
    lines = lines[heading:]
    if label := site_label(lines[0].text, taxonomy.genres):
        repaired.dropped.append(label.strip())
        lines = [Line(lines[0].text[len(label) :]), *lines[1:]]
    if before_part := title_before_part(lines[0].text):
        head, tail = before_part
        repaired.dropped += [tail] if tail else []  # listed, as what the site added
        lines = [Line(head), Line(lines[0].text[len(head) + len(tail) :]), *lines[1:]]
    title, rest = title_lines(lines, taxonomy.genres)
    title = title or file_name_title(repaired.dropped, taxonomy.genres)
    if once := doubled_title(title):  # the second copy stays, as a title repeated in the body does
        title, rest = once, [Line(once), *rest]
    rest = repeated_title_cut(title, rest)
    fields = page_field_lines(rest)  # the page's posting date and source under the title are the site's too
    repaired.dropped += [line.text for line in rest[:fields]]
    rest = rest[fields:]
    frame = split_frame([Line(title), *rest])
    outline = build_outline(frame.body, taxonomy.kinds, title)
    closing = outline.take_closing()
    guessed_kinds = settle_top_kinds(outline.root.children, {k.name for k in taxonomy.kinds})
    full_text = "\n".join([title, *(line.text for line in frame.body)])
    text_for_keywords = simplified(full_text)
    title_for_keywords = classified(title)
    unsure: dict[DataPath, str] = {}
    doc_path: DataPath = ("documents", 0)

    year = document_year(title_for_keywords, text_for_keywords) or document_year(frame.date, "")
    if year is None:
        year = guessed_year(full_text) or cited_meetings_year(text_for_keywords) or date.today().year
        unsure[(*doc_path, "year")] = "文中没有写明年份，请确认"
    elif not title_years(title_for_keywords):
        unsure[(*doc_path, "year")] = "标题中没有年份，按正文推断"
    genre = title_genre(title_for_keywords, taxonomy.genres)
    if genre is None or (genre.name == FALLBACK_GENRE and not title_for_keywords.endswith(genre.keywords)):
        opening = classified("".join(outline.opening)[:GENRE_CUE_SPAN])
        cue = genre_cue(opening, taxonomy.genres)
        cue_source = "开头用语"
        if cue is None and (cue := title_noun_genre(title_for_keywords, taxonomy.genres)):
            cue_source = "标题末尾的文书名"
        if cue is None and outline.root.children:
            cue = heading_genre(outline.root.children[0].heading, taxonomy.genres)
            cue_source = "第一个标题"
        # the kinds its first heading names; in an untitled text that addresses no audience (no
        # 同志们：, so no speech) and looks back in time (2021年，…; 今年以来) from its opening or
        # first section, also the kind its place gives it: its body opens with work done
        first_part = "".join([*outline.opening, *(section_text(d) for d in outline.root.children[:1])])
        untitled_account = not title and not frame.salutation and OPENING_TIME.search(first_part) is not None
        headed = outline.root.children and (0 not in guessed_kinds or untitled_account)
        first_kinds = outline.root.children[0].kinds if headed else ()
        review = None if cue or genre else review_genre(first_kinds, taxonomy.genres, opening)
        genre = cue or genre or review or document_genre("", taxonomy.genres)
        if genre is None:
            genre = taxonomy.genres[-1]
        unsure[(*doc_path, "genre")] = (
            f"标题中没有常见文种，按{cue_source}推断"
            if cue
            else "标题中没有常见文种，正文先讲工作成效，按总结推断"
            if review
            else "标题中没有常见文种，归入“其他”"
        )
    byline = [frame.body[0].text] if frame.body and width(frame.body[0].text) <= BYLINE_MAX else []
    signature = [*frame.signature, *(classified(text) for text in byline if not SENTENCE_INSIDE.search(text))]
    if outline.opening:  # a report without a title or signature names its unit as its first subject
        signature.append(opening_subject(classified(outline.opening[0])))
        signature += [reporting_unit(classified(paragraph)) for paragraph in outline.opening]
    name, name_found = unit_name(title_for_keywords, text_for_keywords, taxonomy, signature)
    if name_found:
        name = written_name(name, title, [*frame.signature, *byline])
    else:
        unsure[("unit", "name")] = "标题和落款中没有单位名称，按正文推断"
    level = unit_level(name, text_for_keywords, taxonomy.levels, title_for_keywords)
    if level is None:
        level = taxonomy.levels[0].name
        unsure[("unit", "level")] = "看不出单位层级，请确认"
    elif not name_found or level_in_name(name, taxonomy.levels) is None:
        unsure[("unit", "level")] = "按正文用词推断的层级"
    if not title:
        title = f"{name}{year}年{genre.name}"
        unsure[(*doc_path, "title")] = "文件中没有标题，按单位、年份和文种拟定"
    for position in guessed_kinds:
        draft = outline.root.children[position]
        unsure[(*doc_path, "sections", position, "kind")] = (
            "标题未说明类型，按位置推断" if draft.kinds else "标题未说明类型，请补上 kind"
        )
    if not outline.root.children:
        unsure[(*doc_path, "sections")] = "没有找到小标题，全文放在开头，请分节"

    unit = Unit(unit_slug(name, "".join(full_text.split())), name, level)
    document = Document(
        id=f"{unit.id}-{year}-{genre.slug}",
        title=title,
        year=year,
        genre=genre.name,
        themes=document_themes(title_for_keywords, text_for_keywords, taxonomy.themes),
        unit=unit,
        source=source_name,
        opening=paragraphs(outline.opening),
        sections=tuple(to_section(d, taxonomy.themes) for d in outline.root.children),
        closing=paragraphs(closing),
        subtitle=frame.subtitle,
        salutation=frame.salutation,
        closing_formula=frame.closing_formula,
        signature=tuple(frame.signature),
        date=frame.date,
    )
    data = {"unit": unit_data(unit), "documents": [document_data(document)]}
    return Report(data, unsure, repaired.dropped)


def parse_text(text: str, source_name: str, taxonomy: Taxonomy) -> dict[str, Any]:
    """The unit-file data of one report given as text: its unit and a list holding the one document."""
    try:
        lines = text_lines(text, source_name)
    except ReadFailure as e:
        raise ImportFailure(str(e)) from e
    return parse_lines(lines, source_name, taxonomy).data


def parse_report(path: Path, taxonomy: Taxonomy) -> Report:
    """The report in a file, checked by the loader so that only loadable data comes out."""
    try:
        source = read_source(path)
    except ReadFailure as e:
        raise ImportFailure(str(e)) from e
    return parse_source(source, path, taxonomy)


def parse_source(source: SourceText, path: Path, taxonomy: Taxonomy) -> Report:
    """`parse_report` of lines already read from `path` (a batch reads its files its own way)."""
    report = parse_lines(source.lines, path.name, taxonomy)
    report.dropped = [*source.dropped, *report.dropped]
    unit_id = report.data["unit"]["id"]
    try:
        load_unit_text(dump_yaml(report.data), Path("data/units") / f"{unit_id}.yml", taxonomy)
    except DataError as e:
        raise ImportFailure(f"{path}: the importer made data that does not load (an importer bug):\n{e}") from e
    return report


def parse_path(path: Path, taxonomy: Taxonomy) -> dict[str, Any]:
    """Like `parse_text` for a file."""
    return parse_report(path, taxonomy).data
