"""Addresses two pages would both take: checked before MkDocs empties the site folder.

A hand-written page under `docs/` at an address fanli generates, or two generated pages at one
address, would stop the build (or let one page overwrite the other) after the previous site is
gone; found here, they stop it while the previous site is still whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from fanli.core.errors import Problem
from fanli.site import routes
from fanli.site.pages import PageSpec


def address_clashes(
    generated: Iterable[PageSpec], docs_pages: Iterable[str], docs_dir: str, use_directory_urls: bool
) -> list[Problem]:
    """A problem for each generated page whose address a page under `docs/` or an earlier generated page takes.

    `docs_pages` are the Markdown files of the docs folder, relative to it, with `/` separators."""
    taken: dict[str, str] = {}
    for src in docs_pages:
        taken.setdefault(routes.page_url(_index_src(src), use_directory_urls), f"{docs_dir}/{src}")
    problems = []
    for spec in generated:
        url = routes.page_url(spec.src, use_directory_urls)
        other = taken.get(url)
        if other is None:
            taken[url] = spec.src
        elif other.startswith(f"{docs_dir}/"):
            problems.append(Problem(other, 1, f"is in the way of the page fanli generates at /{url}; rename it"))
        else:
            origin = spec.edit_path or "data/taxonomy.yml"
            problems.append(Problem(origin, 1, f"two generated pages would share the address /{url} ({other})"))
    return problems


def _index_src(src: str) -> str:
    """MkDocs publishes README.md as the folder's index page."""
    head, _, name = src.rpartition("/")
    if name.lower() == "readme.md":
        return f"{head}/index.md" if head else "index.md"
    return src
