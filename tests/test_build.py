"""Full `mkdocs build --strict` runs into temporary folders, and what the built site contains."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape

from fanli.core.load import load_library

from conftest import ROOT, BuildFailed, build_site, copy_project, hostile_project
from sitecheck import broken_links, external_loads


def test_sample_site_has_a_page_per_document_at_readable_addresses(sample_site: Path) -> None:
    library = load_library(ROOT / "data")
    for doc in library.documents:
        page = sample_site / str(doc.year) / doc.unit.id / doc.id / "index.html"
        assert page.is_file(), page
        assert re.fullmatch(r"[a-z0-9-]+", doc.id) and re.fullmatch(r"[a-z0-9-]+", doc.unit.id)
    for index in ("years", "themes", "units", "genres", "kinds", "2023"):
        assert (sample_site / index / "index.html").is_file()


def test_sample_site_links_and_anchors_all_resolve(sample_site: Path) -> None:
    assert broken_links(sample_site) == []


def test_site_opened_from_disk_links_resolve(tmp_path: Path) -> None:
    """With `.html` addresses (the variant for opening from disk) every link still lands."""
    site = build_site(ROOT, tmp_path / "site", use_directory_urls=False)
    assert (site / "2023" / "index.html").is_file()
    assert broken_links(site) == []


def test_site_loads_nothing_from_other_hosts(sample_site: Path) -> None:
    assert external_loads(sample_site) == []


def test_reports_are_not_in_the_nav_but_indexes_are(sample_site: Path) -> None:
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("md-sidebar--secondary")]
    assert "按年份" in nav and "按主题" in nav and "段落范例" in nav
    for doc in load_library(ROOT / "data").documents:
        assert f"/{doc.id}/" not in nav


def test_home_page_shows_counts_and_entry_points(sample_site: Path) -> None:
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "<!-- fanli:overview -->" not in html
    assert "库中共有 <strong>5</strong> 篇材料" in html
    assert 'href="2023/"' in html and 'href="kinds/wenti/"' in html


def test_document_page_has_outline_anchors_and_marked_placeholders(sample_site: Path) -> None:
    doc = next(d for d in load_library(ROOT / "data").documents if d.title.startswith("XX镇2023"))
    html = (sample_site / "2023" / doc.unit.id / doc.id / "index.html").read_text(encoding="utf-8")
    # the outline is the table of contents on the right (the outline box is made from the headings by basket.js)
    for section in doc.walk():
        assert f'<a href="#{section.anchor}" class="md-nav__link">{escape(section.heading)}</a>' in html  # no span
        assert f'id="{section.anchor}"' in html
    assert 'class="md-ellipsis"' not in html.split('data-md-component="toc"')[1].split("</nav>\n</div>")[0]
    for paragraph in doc.paragraphs():
        assert f'<p id="{paragraph.anchor}">' in html
    # seed 001 writes "**镇在县委…": two literal asterisks, marked as a placeholder, never bold
    assert '<span class="fanli-ph" title="原文占位符">**</span>镇在县委' in html
    assert "<strong>镇" not in html
    # the theme's indentation is dropped from generated pages (not from hand-written ones, which may hold <pre>)
    assert "\n " not in html and "\n\n" not in html
    assert "\n " in (sample_site / "deploy" / "index.html").read_text(encoding="utf-8")


def test_report_lists_say_after_a_title_only_what_it_does_not(sample_site: Path) -> None:
    """A title like "XX镇2023年党风廉政建设工作总结" needs no "XX镇 · 2023 · 工作总结" after it;
    "2023年度全面从严治党述职报告" needs its unit."""
    html = (sample_site / "2023" / "index.html").read_text(encoding="utf-8")
    library = load_library(ROOT / "data")
    told = 0
    for doc in library.documents:
        entry = re.search(rf'<li><a href="[^"]*/{doc.id}/">.*?</a>(.*?)</li>', html)
        assert entry is not None, doc.id
        after = re.sub(r"<[^>]+>", "", entry[1])
        for label in (doc.unit.name, str(doc.year), doc.genre):
            assert (label in doc.title) != (label in after), (doc.title, label)
        told += bool(after)
    assert 0 < told < len(library.documents)


def test_build_writes_nothing_into_docs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))
    build_site(project, tmp_path / "site")
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*")) == before


def test_hostile_text_renders_inert(tmp_path: Path) -> None:
    site = build_site(hostile_project(tmp_path / "project"), tmp_path / "site")
    html = (site / "2023" / "hostile" / "hostile-2023-zongjie" / "index.html").read_text(encoding="utf-8")
    body = html[html.index('<div class="fanli fanli-document">') :]
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>标题" not in html
    assert 'href="javascript:' not in html and "<code>" not in body and "<em>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ config }} {% if true %}x{% endif %}" in body
    assert "[链接](javascript:alert(1)) ![图](x.png) &lt;!-- c --&gt; &amp;amp;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;镇" in body
    assert "<title>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;{{ 7*7 }}**粗体** - 范例库</title>" in html
    assert "# 一、&lt;b&gt;标题&lt;/b&gt;" in body


def test_bad_data_stops_the_build_and_keeps_the_previous_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = build_site(project, tmp_path / "site")
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    unit = next((project / "data" / "units").glob("*.yml"))
    unit.write_text(unit.read_text(encoding="utf-8").replace("year: 2023", "year: 二〇二三", 1), encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        build_site(project, site)
    assert re.search(rf"data/units/{unit.name}:\d+: year must be a year written in digits", str(info.value))
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before


def test_hand_written_page_in_the_way_of_a_generated_one_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "years.md").write_text("# 年份\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"years\.md:1: is in the way"):
        build_site(project, tmp_path / "site")


def _page_text(path: Path) -> str:
    """What a reader reads on a page: its text without markup, scripts or attributes."""
    import html

    body = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_generated_pages_read_cleanly(sample_site: Path) -> None:
    """No internal file name (来源 001_3b6c….txt, data/phrases.yml), no "2023–2023", no label twice in
    one line of labels ("收录 · 打算 · 打算") on the pages made from the data (the handbook pages under
    docs/ discuss files)."""
    handbook = {p.stem for p in (ROOT / "docs").glob("*.md")} - {"index"}
    pages = [
        p
        for p in sample_site.rglob("*.html")
        if p.parts[len(sample_site.parts)] not in {*handbook, "assets"} and p.name != "404.html"
    ]
    file_name = re.compile(r"[\w\u4e00-\u9fff/-]+\.(?:txt|docx?|wps|pdf|rtf|odt|ya?ml|html?)\b")
    same_year = re.compile(r"((?:19|20)\d\d)\s*[–—-]\s*\1(?!\d)")
    repeated = re.compile(r"(?<![\w\u4e00-\u9fff])([\w\u4e00-\u9fff]{1,10}) · \1(?![\w\u4e00-\u9fff])")
    found = []
    for page in pages:
        text = _page_text(page)
        found += [f"{page}: {m.group()}" for rx in (file_name, same_year, repeated) for m in rx.finditer(text)]
        for meta in re.findall(r'<span class="fanli-meta">(.*?)</span>', page.read_text(encoding="utf-8"), re.S):
            labels = [label.strip() for label in re.sub(r"<[^>]+>", "", meta).split("·")]
            if len(labels) != len(set(labels)):
                found.append(f"{page}: {' · '.join(labels)}")
    assert len(pages) > 100 and found == []


def _developer_pages() -> list[str]:
    """The pages of the main site's 开发说明 section (mkdocs.yml's nav)."""
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    section = next(item["开发说明"] for item in nav if isinstance(item, dict) and "开发说明" in item)
    return [next(iter(entry.values())) for entry in section]


def _leaving_out(project: Path, titles: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      data_dir: data\n" in text
    setting = f"      data_dir: data\n      leave_out: {titles}\n"
    config.write_text(text.replace("      data_dir: data\n", setting), encoding="utf-8")


def test_a_library_published_to_its_readers_leaves_out_the_developer_pages(tmp_path: Path, sample_site: Path) -> None:
    """`leave_out: [开发说明]` (docs/deploy.md): the developer pages are neither built nor in the navigation,
    nor in the sitemap; the reader's pages stay, links all resolve. The main site keeps them."""
    developer = _developer_pages()
    assert "architecture.md" in developer and "deploy.md" not in developer
    addresses = [page.removesuffix(".md") + "/" for page in developer]
    for address in addresses:
        assert (sample_site / address / "index.html").is_file(), address
    assert "开发说明" in (sample_site / "index.html").read_text(encoding="utf-8")

    project = copy_project(tmp_path / "project")
    _leaving_out(project, "[开发说明]")
    site = build_site(project, tmp_path / "site")
    for address in addresses:
        assert not (site / address).exists(), address
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "开发说明" not in home and "使用说明" in home
    assert not [address for address in addresses if f'href="{address}"' in home or f"/{address}<" in home]
    assert not [a for a in addresses if a in (site / "sitemap.xml").read_text(encoding="utf-8")]
    for kept in ("deploy", "data-format", "adding-reports"):
        assert (site / kept / "index.html").is_file()
    assert broken_links(site) == []


def test_leaving_out_a_section_the_nav_does_not_have_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _leaving_out(project, "[开发文档]")
    with pytest.raises(BuildFailed, match="no section titled 开发文档"):
        build_site(project, tmp_path / "site")
