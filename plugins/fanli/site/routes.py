"""Where every generated page lives, and how pages link to each other.

Paths are MkDocs-style source paths (`2023/xx-zhen/xx-zhen-2023-zongjie.md`); `page_url`
turns one into its address under either URL style, so links stay right whether the site
is served (directory URLs) or opened from disk (`.html` URLs).
"""

from __future__ import annotations

from fanli.core.model import Document, Unit

HOME = "index.md"
YEARS = "years.md"
THEMES = "themes/index.md"
UNITS = "units/index.md"
GENRES = "genres/index.md"
KINDS = "kinds/index.md"
SEARCH = "search.md"
BASKET = "basket.md"  # the 素材篮: what the reader collected, kept in the browser
COMPARE = "kinds/compare.md"
OUTLINES = "outlines/index.md"
PHRASES = "phrases/index.md"
TRENDS = "trends.md"
DATA_DIR = "assets/fanli-data"  # generated scripts of data the pages' filters and compare view read
WORD_LAYOUT = "wordLayout"  # the data script with the page and styles of the Word files the browser makes


def paged(base: str, page: int) -> str:
    """Page 1 is `base.md`; page n is `base/page/n.md`."""
    return f"{base}.md" if page <= 1 else f"{base}/page/{page}.md"


def document(doc: Document) -> str:
    return f"{doc.year}/{doc.unit.id}/{doc.id}.md"


def year(value: int) -> str:
    return f"{value}/index.md"


def year_theme(value: int, theme_slug: str, page: int = 1) -> str:
    return paged(f"{value}/theme/{theme_slug}", page)


def theme(slug: str, page: int = 1) -> str:
    return paged(f"themes/{slug}", page)


def theme_sections(slug: str, page: int = 1) -> str:
    return paged(f"themes/{slug}/sections", page)


def unit(value: Unit) -> str:
    return f"units/{value.id}.md"


def level(slug: str, page: int = 1) -> str:
    return paged(f"units/level/{slug}", page)


def genre(slug: str, page: int = 1) -> str:
    return paged(f"genres/{slug}", page)


def kind(slug: str, page: int = 1) -> str:
    return paged(f"kinds/{slug}", page)


def word_phrases(slug: str) -> str:
    return f"word/phrases/{slug}.docx"


def outlines(genre_slug: str, page: int = 1) -> str:
    return paged(f"outlines/genre/{genre_slug}", page)


def headings(kind_slug: str, page: int = 1) -> str:
    return paged(f"outlines/headings/{kind_slug}", page)


def phrase(slug: str, page: int = 1) -> str:
    return paged(f"phrases/{slug}", page)


def data_script(key: str) -> str:
    """The site path of the script that sets `fanliData[key]`."""
    return f"{DATA_DIR}/{key}.js"


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The site-relative address of the page built from `src` (as MkDocs computes it); other files keep their path."""
    if not src.endswith(".md"):
        return src
    stem = src[: -len(".md")]
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def relative_url(target: str, current: str) -> str:
    """Address of site-relative `target` as seen from the page at site-relative `current`.

    Always up to the site root and down again: not the shortest form, but right from any
    page, and cheap enough for the hundreds of thousands of links of a large library.
    """
    if target == current:
        return "./" if current.endswith("/") or current == "" else current.rsplit("/", 1)[-1]
    return "../" * current.count("/") + target or "./"
