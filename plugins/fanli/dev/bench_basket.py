"""`python -m fanli.dev.bench_basket SITE_DIR`: how long the basket page takes to show 500 items.

Serves a built site on localhost, opens its basket page in headless Chromium with N passages of
report-like length stored in localStorage, and reads the page's own marks, in milliseconds since
navigation began: the basket script starts; every entry is in the page; the frame after, laid
out and painted. Reports the median of several loads, with the machine's load average (the
figures move with it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

from fanli.dev.localsite import CHROMIUM, CHROMIUM_ARGS, serve

PASSAGE = "坚持以习近平新时代中国特色社会主义思想为指导，深入落实全面从严治党主体责任，" * 4


def basket(items: int) -> str:
    entries = []
    for i in range(items):
        if i % 25 == 0:
            entries.append({"type": "heading", "text": f"第{i // 25 + 1}部分", "level": 1})
        source = {"title": f"某镇{2000 + i % 24}年工作总结", "meta": "某镇 · 2023年 · 工作总结", "url": "#"}
        entries.append({"type": "item", "text": f"{i}.{PASSAGE}", "source": source, "note": ""})
    return json.dumps({"title": "基准", "entries": entries}, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (directory URLs)")
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with serve(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.goto(base + "basket/")
        page.evaluate("value => localStorage.setItem('fanli-basket', value)", basket(args.items))
        shown, own = [], []
        for _ in range(args.runs):
            page.reload()
            page.wait_for_function("() => performance.getEntriesByName('fanli-basket-painted').length")
            count = page.locator(".fanli-basket-entry .fanli-basket-text").count()
            assert count == args.items, count
            marks = page.evaluate(
                "() => ['fanli-basket-start', 'fanli-basket-shown', 'fanli-basket-painted']"
                ".map(name => performance.getEntriesByName(name)[0].startTime)"
            )
            shown.append(marks[2])
            own.append(marks[1] - marks[0])
        browser.close()
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(
        f"basket page, {args.items} items: shown after {statistics.median(shown):.0f} ms (median of {args.runs}; "
        f"min {min(shown):.0f}, max {max(shown):.0f}) from navigation start to the list painted; "
        f"building the list {statistics.median(own):.0f} ms; load average {load}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
