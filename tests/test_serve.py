"""`mkdocs serve` rebuilds when a file under data/ changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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
