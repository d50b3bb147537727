"""The report in a saved web page (.html, .htm, or a single-file .mht/.mhtml archive).

Government sites wrap a report in page chrome: menus, breadcrumbs, share buttons, "上一篇/下一篇",
the site's footer. lxml parses the page; scripts and styles go unread; the chrome elements
(nav, header, footer, aside, forms, and elements whose id or class says menu, footer, share …)
are set apart; of what is left, the report is the element holding the most paragraph text (the
rule readability-style extractors use), or the page's <article>/<main> when it has one. The
visible text of everything set apart is returned too, so the importer can list it: nothing is
dropped silently.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage

import lxml.html
from lxml.etree import ParserError, _Element

from fanli.core.errors import FanliError

UNREAD_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")
CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "button", "select", "menu")
CHROME_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|header|head|sidebar|side|share|"
    r"toolbar|pager|pagination|prev|next|related|comment|comments|copyright|banner|login|search|ad|ads)(?:$|[\s_-])",
    re.IGNORECASE,
)
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "pre",
        "center",
        "td",
        "th",
    ]
)
HEADING_TAGS = ("h1", "h2", "h3")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


class HtmlFailure(FanliError):
    """The page cannot be read; the message says why, for a person."""


@dataclass
class HtmlText:
    """The report's lines and the page chrome's lines, each in page order."""

    lines: list[str]
    chrome: list[str]


def _decode(raw: bytes, declared: str | None = None) -> str:
    """UTF-8, else the charset the page (or its MIME part) declares, else GB18030 (a superset of GBK)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    match = META_CHARSET.search(raw[:4096])
    for codec in (declared, match.group(1).decode("ascii") if match else None, "gb18030"):
        if codec:
            try:
                return raw.decode("gb18030" if codec.lower() in ("gb2312", "gbk") else codec)
            except (LookupError, UnicodeDecodeError):
                continue
    return raw.decode("gb18030", errors="replace")


def mht_html(raw: bytes) -> str:
    """The HTML part of a web archive (MHTML: a MIME message holding the page and its images)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html" and isinstance(part, EmailMessage):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return _decode(payload, part.get_content_charset())
    raise HtmlFailure("is not a web archive with a page in it (no text/html part)")


def _block_lines(element: _Element) -> list[str]:
    """The element's visible text, one line per block (paragraph, list item, table row, <br>)."""
    parts: list[str] = []

    def walk(node: _Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in BLOCK_TAGS:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in BLOCK_TAGS:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(element)
    text = "".join(parts).replace("\xa0", " ").replace("\u3000", " ")
    return [line.strip() for line in text.split("\n") if line.strip()]


def _is_chrome(element: _Element) -> bool:
    if element.tag in CHROME_TAGS:
        return True
    names = f"{element.get('id', '')} {element.get('class', '')}"
    return bool(CHROME_NAMES.search(names))


def _paragraph_weight(element: _Element) -> int:
    """The text in the element's paragraphs and direct text: what a report is made of."""
    return sum(len("".join(p.itertext()).strip()) for p in element.iter("p")) + len((element.text or "").strip())


def _content(body: _Element) -> _Element:
    """The element holding the report: <article> or <main>, else the block with the most paragraph text
    in itself and its direct <p>/<br> children (a list of links to other reports has little)."""
    for tag in ("article", "main"):
        found = body.find(f".//{tag}")
        if found is not None and _block_lines(found):
            return found
    best, best_weight = body, 0
    for element in body.iter("div", "td", "section", "article", "main"):
        own = sum(len("".join(p.itertext()).strip()) for p in element if p.tag == "p")
        own += sum(len((c.tail or "").strip()) for c in element) + len((element.text or "").strip())
        if own > best_weight:
            best, best_weight = element, own
    return best if best_weight else body


def _heading_before(content: _Element) -> str | None:
    """The page heading just before the report's text (the title sits in an <h1> above the text's block)."""
    node: _Element | None = content
    for _ in range(3):
        if node is None:
            return None
        for sibling in node.itersiblings(preceding=True):
            headings = [sibling] if sibling.tag in HEADING_TAGS else list(sibling.iter(*HEADING_TAGS))
            if headings:
                text = " ".join("".join(headings[-1].itertext()).split())
                return text or None
        node = node.getparent()
    return None


def html_text(raw: bytes, archive: bool = False) -> HtmlText:
    """The report's lines in a saved web page, its chrome set apart."""
    html = mht_html(raw) if archive else _decode(raw)
    if not html.strip():
        raise HtmlFailure("the page is empty")
    try:
        root = lxml.html.document_fromstring(html)
    except (ParserError, ValueError) as e:
        raise HtmlFailure(f"is not a readable web page ({e})") from e
    title = root.findtext(".//title")
    for element in list(root.iter(*UNREAD_TAGS)):
        element.drop_tree()
    chrome: list[str] = []
    body = root.find("body")
    if body is None:
        body = root
    for element in list(body.iter()):
        if isinstance(element.tag, str) and element.getparent() is not None and _is_chrome(element):
            chrome += _block_lines(element)
            element.drop_tree()
    content = _content(body)
    lines = _block_lines(content)
    heading = _heading_before(content) if content is not body else None
    if heading and heading not in lines:
        lines.insert(0, heading)
    if content is not body:
        kept = set(lines)
        chrome += [line for line in _block_lines(body) if line not in kept]
    if title and title.strip() and title.strip() not in lines:
        chrome.insert(0, title.strip())
    return HtmlText(lines, chrome)
