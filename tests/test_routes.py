"""Page addresses and relative links, under both URL styles."""

from __future__ import annotations

import pytest

from fanli.site import routes


@pytest.mark.parametrize(
    ("src", "directory_urls", "url"),
    [
        ("index.md", True, ""),
        ("index.md", False, "index.html"),
        ("years.md", True, "years/"),
        ("themes/index.md", True, "themes/"),
        ("themes/index.md", False, "themes/index.html"),
        ("2023/index.md", True, "2023/"),
        ("2023/xx-zhen/xx-zhen-2023-zongjie.md", True, "2023/xx-zhen/xx-zhen-2023-zongjie/"),
        ("2023/xx-zhen/xx-zhen-2023-zongjie.md", False, "2023/xx-zhen/xx-zhen-2023-zongjie.html"),
    ],
)
def test_page_url(src: str, directory_urls: bool, url: str) -> None:
    assert routes.page_url(src, directory_urls) == url


@pytest.mark.parametrize(
    ("target", "current", "relative"),
    [
        ("", "2023/u/d/", "../../../"),
        ("2023/", "2023/u/d/", "../../../2023/"),
        ("2023/u/d/", "2023/u/d/", "./"),
        ("themes/dangfeng/", "", "themes/dangfeng/"),
        ("", "", "./"),
        ("units/u.html", "2023/u/d.html", "../../units/u.html"),
        ("index.html", "2023/index.html", "../index.html"),
        ("2023/index.html", "2023/index.html", "index.html"),
        ("2023/theme/x/page/2/", "2023/theme/x/", "../../../2023/theme/x/page/2/"),
    ],
)
def test_relative_url(target: str, current: str, relative: str) -> None:
    assert routes.relative_url(target, current) == relative


def test_paged() -> None:
    assert routes.theme("dangfeng") == "themes/dangfeng.md"
    assert routes.theme("dangfeng", 3) == "themes/dangfeng/page/3.md"
