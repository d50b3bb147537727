"""What a report is about, from its words: year, genre, themes, unit and level, section kinds.

Classification uses the keywords of `data/taxonomy.yml`, so vocabulary changes need no code
change; text is matched in its simplified, half-width form (`classified`), kept as written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from pypinyin import lazy_pinyin

from fanli.core.model import Category, Taxonomy
from fanli.core.text import FIRST_YEAR, LAST_YEAR, NUMERAL, PLACEHOLDER, numeral_value, simplified, strip_number
from fanli.ingest.framing import normalised

KIND_CONNECTORS = re.compile(r"[及和与暨、]")
YEAR = re.compile(r"(?<!\d)(\d{4})\s*年(?!代)")
# A title may write its year without 年: "XX镇2022政府工作报告", "2019-2020学年…".
BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?![\d.%])")
# A unit name that names no one unit: a placeholder (core.text.PLACEHOLDER), a single * or ×, or 某.
GENERIC_MARK = re.compile(r"[X×*＊某]")
PLACEHOLDER_STEM = re.compile(r"[X×*]+")

SECTION_ONLY_KINDS = ("开头", "结尾")  # these name the opening and closing, never a section
MIN_THEME_MENTIONS = 3
MAX_DOCUMENT_THEMES = 5
FALLBACK_GENRE = "其他"
WORK_DONE_KIND = "成效"  # the kind of a section reporting work done; top-level sections default to it

UNIT_SUFFIXES = (
    "街道", "社区", "乡", "镇", "村", "县", "区", "市", "委", "局", "办", "厅", "部", "院", "所", "站",
    "中心", "公司", "集团", "学校", "医院", "校", "处", "政协", "人大", "银行", "分行", "支行", "办公室",
    "中学", "小学", "大学",
)  # fmt: skip
# A commission names itself with what is elsewhere an organ (区卫生健康委员会): kept whole when the
# name is nothing without it.
COMMISSION = "委员会"
# How a report speaks of its own unit, by the suffix of the unit's name.
UNIT_SELF_REFERENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("镇", ("全镇", "我镇", "镇党委", "镇村", "镇域")),
    ("乡", ("全乡", "我乡", "乡党委")),
    ("街道", ("全街道", "我街道", "街道党工委")),
    ("委", ("我委", "委党组", "委机关")),
    ("局", ("我局", "局党组", "局机关")),
    ("公司", ("我公司", "公司党委")),
)
LEVELS_BY_NAME_SUFFIX = (
    ("街道", "街道"), ("社区", "街道"), ("乡", "乡镇"), ("镇", "乡镇"),
    # a government's own report: the county's files with the county departments, and so on up
    ("县", "县直部门"), ("区", "县直部门"), ("市", "市直部门"), ("省", "省直部门"), ("自治区", "省直部门"),
)  # fmt: skip
# A department (局, 委, 办 …) belongs to the level of the government named before it: XX县…局 → 县直部门.
DEPARTMENT_SUFFIXES = ("局", "委", "办", "办公室", "厅", "部", "院", "所", "站", "中心", "处", "政协", "人大", "会")
# An autonomous prefecture (红河州) ranks with a city.
LEVELS_BY_GOVERNMENT = {
    "省": "省直部门", "市": "市直部门", "州": "市直部门", "县": "县直部门", "区": "县直部门",
    "乡": "乡镇", "镇": "乡镇", "街道": "街道",
}  # fmt: skip
GOVERNMENT = re.compile(r"街道|[省州县区镇]|(?<!城)乡|市(?!场)")  # 市场监管局 is no city's, 城乡建设局 no township's
OWN_GOVERNMENT = re.compile(r"我([省市州县区])")  # a department speaking of its own government
# A department's divisions name its rank: a county bureau's are 股室, a province's (or a large
# city's) 处室. (科室 is left out: hospitals and schools have them too.)
DIVISIONS_BY_LEVEL = (("股室", "县直部门"), ("处室", "省直部门"))
UNKNOWN_NAME = "XX"
# What follows a unit's name in a title or signature: its organ and the office of the person reporting.
ORGANS = "党工委|党委|党组|党总支|党支部|委员会|人民政府|政府|办事处"
ORGAN_OR_OFFICE = re.compile(
    rf"(?:{ORGANS}|领导班子|班子成员|班子"
    r"|副?书记|镇长|乡长|县长|区长|市长|省长|主席|主任|局长|部长|同志|成员)+$"
)
NOT_A_NAME = re.compile(r"^(?:在|关于|全|我)")  # "在全镇…会议上的讲话": no unit named


def count_keywords(text: str, keywords: Iterable[str]) -> int:
    """Non-overlapping mentions of any keyword, longest first: "党风廉政建设" counts once, not thrice."""
    ordered = sorted(set(keywords), key=len, reverse=True)
    if not ordered:
        return 0
    return len(re.findall("|".join(re.escape(k) for k in ordered), text))


def themes_in(text: str, themes: tuple[Category, ...]) -> tuple[str, ...]:
    """Themes with a keyword in `text`, by where they are first mentioned."""
    found = []
    for order, theme in enumerate(themes):
        positions = [text.find(k) for k in theme.keywords if k in text]
        if positions:
            found.append((min(positions), order, theme.name))
    return tuple(name for _, _, name in sorted(found))


PROBLEMS_KIND = "问题"
# A verb of solving before a problem word in its clause: the problems solved are work done
# (解决思想认识问题, 破解发展难题), not a section on problems.
SOLVING = re.compile(r"(?:解决|破解|化解|纠治|整治)[^，,。；;：:]{0,10}$")


def head_kind(part: str, kinds: tuple[Category, ...]) -> str | None:
    """The kind whose keyword ends latest in `part`: the head noun of a Chinese phrase comes last."""
    best: tuple[int, int, int, str] | None = None
    for order, kind in enumerate(kinds):
        if kind.name in SECTION_ONLY_KINDS:
            continue
        for keyword in kind.keywords:
            start = part.rfind(keyword)
            if start >= 0 and kind.name == PROBLEMS_KIND and SOLVING.search(part[:start]):
                continue
            if start >= 0:
                candidate = (start + len(keyword), len(keyword), -order, kind.name)
                best = candidate if best is None or candidate > best else best
    return best[3] if best else None


def heading_kinds(heading: str, kinds: tuple[Category, ...]) -> tuple[str, ...]:
    """Kinds of a heading, one per part of a compound such as 存在问题及下阶段工作打算."""
    found = (head_kind(part, kinds) for part in KIND_CONNECTORS.split(strip_number(heading)))
    return tuple(dict.fromkeys(k for k in found if k))


def plausible_years(text: str) -> list[int]:
    """Years written as NNNN年 (or NNNN 年), in order, leaving out numbers that cannot be a report's year."""
    years = (int(m.group(1)) for m in YEAR.finditer(text))
    return [y for y in years if FIRST_YEAR <= y <= LAST_YEAR]


def title_years(title: str) -> list[int]:
    """Years in a title: NNNN年, else a bare NNNN (a title has no other four-digit numbers)."""
    years = plausible_years(title) or [int(m.group(1)) for m in BARE_YEAR.finditer(title)]
    return [y for y in years if FIRST_YEAR <= y <= LAST_YEAR]


def document_year(title: str, text: str) -> int | None:
    """The year in the title, else the year the text names most often (the latest when tied)."""
    in_title = title_years(title)
    if in_title:
        return in_title[0]
    counts = Counter(plausible_years(text))
    return max(counts, key=lambda year: (counts[year], year)) if counts else None


def genre_in(text: str, genres: tuple[Category, ...], shortest_keyword: int = 1) -> Category | None:
    """The genre whose keyword ends latest in `text` (the head noun comes last: 工作情况总结 is a
    总结), the longest when two end together (述职述廉报告 beats 述职); None without a keyword.
    Keywords shorter than `shortest_keyword` are not looked for."""
    matches = [
        (text.rfind(k) + len(k), len(k), -order, genre)
        for order, genre in enumerate(genres)
        for k in genre.keywords
        if len(k) >= shortest_keyword and k in text
    ]
    return max(matches, key=lambda m: m[:3])[3] if matches else None


POST_REPORT = "述职报告"
# The most a title puts between its 述职 and the document noun after it (述职述廉述党建工作报告).
POST_REPORT_GAP = 8
# What a 述职 is followed by when the title names an event about others' reports, not one: 述职评议
# (工作总结 of the 述职评议会), 述职测评, 述职会.
REPORTS_EVALUATED = re.compile(r"评议|测评|考评|考核|评价|会")


def title_genre(title: str, genres: tuple[Category, ...]) -> Category | None:
    """The genre a title names (`genre_in`), except that a holder of a post reporting on it names
    that first and a document noun after it (述职述廉述党建工作报告, 述职工作总结): the 述职 decides,
    unless the title is about evaluating such reports (述职评议工作总结: a summary of the meeting)."""
    genre = genre_in(title, genres)
    post = next((g for g in genres if g.name == POST_REPORT), None)
    if genre is None or post is None or genre is post:
        return genre
    named = [
        m.end()
        for k in post.keywords
        for m in re.finditer(re.escape(k), title)
        if not REPORTS_EVALUATED.match(title, m.end())
    ]
    later = [len(title) - len(k) for k in genre.keywords if title.endswith(k)]
    if named and later and 0 <= max(later) - max(named) <= POST_REPORT_GAP:
        return post
    return genre


def document_genre(title: str, genres: tuple[Category, ...]) -> Category | None:
    """The genre the title names, else 其他."""
    return genre_in(title, genres) or next((g for g in genres if g.name == FALLBACK_GENRE), None)


def document_themes(title: str, text: str, themes: tuple[Category, ...]) -> tuple[str, ...]:
    """Themes of the title, then themes the text dwells on, most mentioned first."""
    chosen = list(themes_in(title, themes))
    mentions = [(count_keywords(text, t.keywords), -order, t.name) for order, t in enumerate(themes)]
    chosen += [name for count, _, name in sorted(mentions, reverse=True) if count >= MIN_THEME_MENTIONS]
    return tuple(dict.fromkeys(chosen))[:MAX_DOCUMENT_THEMES]


def title_prefix(title: str, taxonomy: Taxonomy) -> str:
    """What precedes the year (else the first genre or theme keyword) in the title: the unit's name."""
    year = YEAR.search(title)
    if year and title[: year.start()].strip():
        return title[: year.start()].strip()
    # "2024年疏附县政府工作报告": the name follows the year (and its 度: 2020年度政府办工作总结)
    after = title[year.end() :].removeprefix("度") if year else title
    keywords = [k for axis in (taxonomy.genres, taxonomy.themes) for c in axis for k in c.keywords]
    starts = [after.find(k) for k in keywords if k in after]
    return after[: min(starts)].strip() if starts else ""


def unit_suffix_from_text(text: str) -> str:
    """The kind of unit the text speaks of as its own (全镇 → 镇, 我委 → 委), or "". A masked name
    (*街道, X镇: the sites mask the reporting unit's name) speaks of the unit too."""
    counts = [
        (count_keywords(text, cues) + len(re.findall(f"{GENERIC_MARK.pattern}+{suffix}", text)), -order, suffix)
        for order, (suffix, cues) in enumerate(UNIT_SELF_REFERENCES)
    ]
    count, _, suffix = max(counts)
    return suffix if count else ""


def name_in(text: str) -> str:
    """The unit named at the start of a title prefix or signature ("XX镇党委书记 张三" → "XX镇"), or ""."""
    words = text.split()
    # 关于邕宁区…的报告, and 卫生健康局关于2022年…: 关于 before or after the name
    word = words[0].removeprefix("关于").removesuffix("关于") if words else ""
    stem = ORGAN_OR_OFFICE.sub("", word, count=1)
    for name in (stem, word if word.endswith(COMMISSION) else ""):
        if len(name) > 1 and simplified(name).endswith((*UNIT_SUFFIXES, COMMISSION)) and not NOT_A_NAME.match(name):
            return name
    return ""


# The unit an opening sentence has as its subject: "2022年，长治市司法局坚持…", "今年以来，县政府办自觉…",
# also after the clause naming who led it ("今年以来，在县委、县政府的坚强领导下，某某街道深入…").
OPENING_SUBJECT = re.compile(
    r"^(?:[^，,。；;]{0,15}[，,])?(?:在[^，,。；;]{0,30}?下[，,])?([^，,。；;、：:\s“”‘’（）()]{2,20}?)"
    r"(?:在|坚持|始终|紧紧|认真|自觉|深入|全面|围绕|按照|紧扣|牢牢)"
)


def opening_subject(paragraph: str) -> str:
    """The unit that the first sentence of `paragraph` has as its subject, or "" (我镇, 全县 are none,
    and so is a masked name, xxxx院: its suffix alone may mislead)."""
    match = OPENING_SUBJECT.match(paragraph)
    if match is None or GENERIC_MARK.search(match.group(1).upper()):
        return ""
    return name_in(match.group(1))


# The unit an opening names as the one reporting: "现将扬州大学附属中学党委落实…情况报告如下". The name
# runs to its first organ (党委, 党组 …), which `name_in` then strips.
REPORTING_UNIT = re.compile(rf"现将([^，,。；;：:\s“”‘’（）()的]{{2,24}}?(?:{ORGANS}))")


def reporting_unit(paragraph: str) -> str:
    """The unit that `paragraph`'s 现将…报告如下 sentence names as reporting, or ""."""
    match = REPORTING_UNIT.search(paragraph)
    return name_in(match.group(1)) if match and not GENERIC_MARK.search(match.group(1).upper()) else ""


def unit_name(title: str, text: str, taxonomy: Taxonomy, signature: Iterable[str] = ()) -> tuple[str, bool]:
    """The unit's name from the title or the signature, and whether it was found there (not guessed).

    Otherwise a bare government (县政府 → XX县), or a placeholder stem (XXX党委 → XXX) or XX completed
    by the suffix the text uses (全镇 → 镇)."""
    prefix = title_prefix(title, taxonomy)
    for candidate in (prefix, *signature):
        name = name_in(candidate)
        if name:
            return name, True
    stem = ORGAN_OR_OFFICE.sub("", prefix, count=1)
    if stem in LEVELS_BY_GOVERNMENT:  # "县政府工作报告": a county's government, its name left out
        return UNKNOWN_NAME + stem, False
    return (stem if PLACEHOLDER_STEM.fullmatch(stem) else UNKNOWN_NAME) + unit_suffix_from_text(text), False


def level_in_name(name: str, levels: tuple[Category, ...]) -> str | None:
    """The level the name says: by its suffix (镇 → 乡镇, 中心学校 → 企事业单位, a level keyword of the
    taxonomy), or a department's government (XX县…局 → 县直部门, 市政协 → 市直部门)."""
    name = simplified(normalised(name))
    names = {level.name for level in levels}
    by_keyword = [(len(k), level.name) for level in levels for k in level.keywords if len(k) > 1 and name.endswith(k)]
    by_keyword += [(len(suffix), level) for suffix, level in LEVELS_BY_NAME_SUFFIX if name.endswith(suffix)]
    by_keyword = [(length, level) for length, level in by_keyword if level in names]
    if by_keyword:
        return max(by_keyword)[1]
    governments = GOVERNMENT.findall(name[:-1]) if name.endswith(DEPARTMENT_SUFFIXES) else []
    if governments and LEVELS_BY_GOVERNMENT[governments[-1]] in names:
        return LEVELS_BY_GOVERNMENT[governments[-1]]
    return None


# The clause that names who led or guided the work ("在市委、市政府的坚强领导下"): the government a
# unit belongs to, which is the level of its departments but says nothing of what a firm, school
# or hospital (or a town under its county) is.
LED_BY = re.compile(r"在[^。！？；;，,]{1,40}?(?:领导|指导|关心|支持|监督)下")


def unit_level(name: str, text: str, levels: tuple[Category, ...], title: str = "") -> str | None:
    """The level the name says, else the level the text mentions most. A department (XX局), or the
    unnamed author of a government's report (政府工作报告), is a government's: never a firm or school."""
    if level := level_in_name(name, levels):
        return level
    if name.endswith(DEPARTMENT_SUFFIXES) or "政府" in title:  # whichever government the text speaks of
        # the text writing the department's name in full (区卫生健康局 for the title's 卫生健康局)
        full = Counter(LEVELS_BY_GOVERNMENT[g] for g in re.findall(f"({GOVERNMENT.pattern}){re.escape(name)}", text))
        if full and (level := full.most_common(1)[0][0]) in {lv.name for lv in levels}:
            return level
        own = Counter(OWN_GOVERNMENT.findall(text))  # 我区 says whose it is, 全市排名 does not
        if own and (level := LEVELS_BY_GOVERNMENT[own.most_common(1)[0][0]]) in {lv.name for lv in levels}:
            return level
        ranks = {level for word, level in DIVISIONS_BY_LEVEL if word in text}  # 内设处室, 各股室
        if len(ranks) == 1 and (level := ranks.pop()) in {lv.name for lv in levels}:
            return level
        towns = {level for _, level in LEVELS_BY_NAME_SUFFIX[:4]}
        governments = set(LEVELS_BY_GOVERNMENT.values()) - towns  # a department is no firm or school
        levels = tuple(level for level in levels if level.name in governments)
    else:
        text = LED_BY.sub("", text)
    counts = [(count_keywords(text, level.keywords), -order, level.name) for order, level in enumerate(levels)]
    count, _, best = max(counts, default=(0, 0, ""))
    return best if count else None


def pinyin_part(part: str) -> str:
    """One syllable (or ASCII run) made fit for an id: placeholders X × * all become x."""
    return re.sub(r"[^a-z0-9]", "", part.lower().replace("×", "x").replace("*", "x"))


# Room in an id (core.nodes.MAX_SLUG, 100) for a placeholder's hash, the year and the genre's slug.
UNIT_SLUG_LENGTH = 60


def unit_slug(name: str, normalised_text: str) -> str:
    """Pinyin of the name; a placeholder name also gets a hash of the text, so unrelated units stay apart."""
    parts = (pinyin_part(p) for p in lazy_pinyin(unicodedata.normalize("NFKC", name)))
    slug = "-".join(p for p in parts if p) or "unit"
    plain = unicodedata.normalize("NFKC", name)
    if len(slug) > UNIT_SLUG_LENGTH:  # a sentence taken for a name: cut at a syllable, kept apart by a hash
        cut = slug[: UNIT_SLUG_LENGTH - 5].rsplit("-", 1)[0]
        slug = cut + "-" + hashlib.sha1(plain.encode("utf-8")).hexdigest()[:4]
    if PLACEHOLDER.search(plain) or GENERIC_MARK.search(plain):
        slug += "-" + hashlib.sha1(normalised_text.encode("utf-8")).hexdigest()[:4]
    return slug


def classified(text: str) -> str:
    """The form of text that keywords are matched against: simplified, half-width, without spaces."""
    return "".join(simplified(normalised(text)).split())


def guessed_year(text: str) -> int | None:
    """A year when none is written as NNNN年: the latest plausible four-digit number in the text."""
    years = [int(m.group(1)) for m in BARE_YEAR.finditer(text)]
    plausible = [y for y in years if FIRST_YEAR <= y <= LAST_YEAR]
    return max(plausible) if plausible else None


# The Party's national congresses every five years (十二大 1982 … 二十大 2022), and the plenary
# sessions of a congress's Central Committee (二十届三中全会) or discipline commission (二十届中央纪委二次
# 全会), about one a year after it: what a report cites dates it when it writes no year.
CONGRESS = re.compile(rf"党的([{NUMERAL}]{{2,3}})大")
PLENUM = re.compile(rf"([{NUMERAL}]{{2,3}})届(中央纪委)?([{NUMERAL}]{{1,2}})(?:中|次)全会")
CONGRESS_YEAR, CONGRESS_NUMBER, CONGRESS_INTERVAL, FIRST_DATED_CONGRESS = 2022, 20, 5, 12


def congress_year(number: int) -> int | None:
    return CONGRESS_YEAR + CONGRESS_INTERVAL * (number - CONGRESS_NUMBER) if number >= FIRST_DATED_CONGRESS else None


def plenum_year(congress: int, session: int, discipline: bool) -> int | None:
    """The earliest year the session can have met: the discipline commission's in the January of each
    year after the congress (二次 a year after it); the Central Committee's 二中 and 三中 have met in
    the same year, so from 三中 on one year less."""
    start = congress_year(congress)
    if start is None or session < 1:
        return None
    return start + session - (1 if discipline or session <= 2 else 2)


def cited_meetings_year(text: str) -> int | None:
    """The year of the latest Party congress or plenary session the text cites (党的二十大 → 2022,
    二十届中央纪委二次全会 → 2023), at the earliest it can have met: no later than the report. None when
    it cites none."""
    years = [congress_year(numeral_value(m.group(1))) for m in CONGRESS.finditer(text)]
    years += [
        plenum_year(numeral_value(m.group(1)), numeral_value(m.group(3)), bool(m.group(2)))
        for m in PLENUM.finditer(text)
    ]
    known = [year for year in years if year]
    return max(known) if known else None


GENRE_VERB = re.compile(r"汇报|报告|总结")
GENRE_OF_VERB = {"汇报": "工作汇报", "报告": "工作汇报", "总结": "工作总结"}
# The clause that hands the text over ("现将有关情况报告如下"): its verb is the weakest cue of all.
HANDOVER = re.compile(r"现[将把就][^。！？]*?如下")
OCCASION_KEYWORD_MIN = 4  # shorter genre keywords (总结, 汇报, 讲话) are everyday words in an opening
# What an opening says of itself when it names no genre: a report made to a congress or meeting
# ("向大会报告工作", "向大会作政府工作报告") is a 工作报告; a holder of a post reporting how they filled it
# ("区人大常委会任命我为…局长", "本人自担任…以来") is giving a 述职报告.
GENRE_BY_OPENING = (
    (re.compile(r"向(?:大会|全会|会议)(?:作|做)?[^。！？，,]{0,6}?报告"), "工作报告"),
    (re.compile(r"任命我为|(?:我|本人)(?:自|从|于)?[^。！？]{0,20}?(?:担任|任职以来|任职期间)"), "述职报告"),
)


def named_genres(genres: tuple[Category, ...]) -> tuple[Category, ...]:
    """The genres a report can give itself in passing: all but the fallback (a 讲话 or an 意见 cited
    in the text makes no speech)."""
    return tuple(genre for genre in genres if genre.name != FALLBACK_GENRE)


def heading_genre(heading: str, genres: tuple[Category, ...]) -> Category | None:
    """The genre a report without one in its title names in its first top-level heading
    (一、2022年工作总结): a whole genre keyword, not a bare 总结."""
    return genre_in(classified(strip_number(heading)), named_genres(genres), OCCASION_KEYWORD_MIN)


def genre_cue(opening: str, genres: tuple[Category, ...]) -> Category | None:
    """The genre an untitled report gives itself in its opening: a taxonomy genre keyword naming its
    occasion or kind (召开…民主生活会 → 对照检查材料, 述职述廉), else what it says of itself (向大会报告工作,
    任命我为…), else the verb that hands the text over ("现将…汇报如下" → 工作汇报). The fallback genre's
    keywords are left out: an opening that cites a 讲话 or an 意见 is no speech."""
    if named := genre_in(HANDOVER.sub("", opening), named_genres(genres), OCCASION_KEYWORD_MIN):
        return named
    by_name = {genre.name: genre for genre in genres}
    if said := next((name for phrase, name in GENRE_BY_OPENING if phrase.search(opening)), None):
        return by_name.get(said)
    verb = GENRE_VERB.search(opening)
    return by_name.get(GENRE_OF_VERB[verb.group()]) if verb else None


def title_noun_genre(title: str, genres: tuple[Category, ...]) -> Category | None:
    """The genre of a title that names none but ends on a document noun (…自查情况及整改措施报告): the
    noun read as the verb handing a text over is (报告 → 工作汇报, 总结 → 工作总结)."""
    noun = GENRE_VERB.search(title[-2:])
    by_name = {genre.name: genre for genre in genres}
    return by_name.get(GENRE_OF_VERB[noun.group()]) if noun else None


# An opening that states what the work achieved ("…法治建设取得明显成效", "学习教育取得了扎实成效").
ACHIEVED = re.compile(r"取得了?[^。！？，,；;]{0,8}?(?:成效|成绩|成果|进展)")


def review_genre(first_kinds: Iterable[str], genres: tuple[Category, ...], opening: str = "") -> Category | None:
    """The genre of a report that names none but opens its body with the work done (its first
    top-level heading names a kind 成效: 2021年工作开展情况), or whose opening states what the work
    achieved (…取得明显成效): it sums that work up."""
    if WORK_DONE_KIND not in first_kinds and not ACHIEVED.search(opening):
        return None
    return next((genre for genre in genres if genre.name == GENRE_OF_VERB["总结"]), None)


def written_name(name: str, title: str, signature: Iterable[str]) -> str:
    """The unit's name as the file writes it (劉集鎮中心校), found from its simplified form."""
    for text in (title, *signature):
        plain = simplified(normalised(text))
        at = plain.find(name)
        if at >= 0 and len(plain) == len(text):
            return text[at : at + len(name)]
    return name
