"""`mkdocs serve` rebuilds when a file under data/ changes."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, contains: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if contains in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {contains!r} within {seconds} s")


def test_serve_rebuilds_when_data_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    unit = sorted((project / "data" / "units").glob("*.yml"))[0]
    unit_id = unit.stem
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/units/{unit_id}/"
        _wait_for(url, "<h1>", 60)
        text = unit.read_text(encoding="utf-8")
        unit.write_text(text.replace("  name: ", "  name: 改名", 1), encoding="utf-8")
        _wait_for(url, "改名", 60)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.browser
def test_serve_shows_the_problems_at_every_address_and_reloads_when_fixed(browser, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    unit = sorted((project / "data" / "units").glob("*.yml"))[0]
    good = unit.read_text(encoding="utf-8")
    unit.write_text(good.replace("year: 2023", "year: 二〇二三", 1), encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base, "fanli-serve-error", 60)
        page = browser.new_page()
        for address in ("no/such/page/", "", f"units/{unit.stem}/"):
            page.goto(base + address)
            assert "网站没有生成" in page.inner_text("h1"), address
            assert re.search(rf"data/units/{unit.name}:\d+: year must be a year", page.inner_text("ol")), address
        unit.write_text(good, encoding="utf-8")
        page.wait_for_selector("body:not(.fanli-serve-error) .md-content h1", timeout=60_000)  # reloaded by itself
        assert page.url == f"{base}units/{unit.stem}/"
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
