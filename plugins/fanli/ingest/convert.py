"""Word-processor files (.doc, .wps, .rtf, .odt) converted to .docx by LibreOffice in headless mode.

LibreOffice starts slowly (seconds) and converts quickly, so a whole batch goes through ONE
`soffice --convert-to` process. It runs with a profile of its own in a temporary folder, so it
neither touches nor waits for a LibreOffice the user has open. Each input is linked under a
numbered name first: two `报告.doc` from different folders must not land on one output file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path

from fanli.core.errors import FanliError

OFFICE_SUFFIXES = (".doc", ".wps", ".rtf", ".odt")
SOFFICE_NAMES = ("soffice", "libreoffice")
DEBIAN_PACKAGE = "libreoffice-writer-nogui"
START_SECONDS = 60.0  # LibreOffice's start-up on a loaded machine, first run of a fresh profile included
SECONDS_PER_FILE = 10.0


class ConverterMissing(FanliError):
    """LibreOffice is not installed; the message names the package to install."""


def soffice() -> str:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ConverterMissing(
        f"LibreOffice is needed to read .doc, .wps, .rtf and .odt files and was not found; "
        f"install it with: apt-get install {DEBIAN_PACKAGE}"
    )


def convert_batch(paths: Iterable[Path], target: str, out_dir: Path) -> dict[Path, Path | None]:
    """Converts every file in `paths` to format `target` (docx, pdf …) in one LibreOffice process
    (and one more for the files left undone, if LibreOffice stopped at a damaged one).

    Returns each input with its converted file in `out_dir`, or None where LibreOffice could not
    open it (damaged, password-protected, not a document) or ran out of time. Raises
    ConverterMissing when LibreOffice is not installed."""
    paths = list(paths)
    if not paths:
        return {}
    program = soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    converted = _run(program, paths, target, out_dir)
    missing = [path for path, out in converted.items() if out is None]
    if missing and len(missing) < len(paths):
        # LibreOffice stops at some damaged files and leaves the rest of its list undone: one more
        # run for what is missing, so that one bad file costs a second start, not the others' import.
        converted.update(_run(program, missing, target, out_dir))
    return converted


def _run(program: str, paths: list[Path], target: str, out_dir: Path) -> dict[Path, Path | None]:
    """One LibreOffice process converting `paths`; each input with its output, or None."""
    with tempfile.TemporaryDirectory(prefix="fanli-soffice-") as work:
        work_dir = Path(work)
        inputs = work_dir / "in"
        inputs.mkdir()
        linked: list[Path] = []
        for number, path in enumerate(paths):
            link = inputs / f"{number:06d}{path.suffix.lower()}"
            os.symlink(path.resolve(), link)
            linked.append(link)
        outputs = work_dir / "out"
        command = [
            program,
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            target,
            "--outdir",
            str(outputs),
            *map(str, linked),
        ]
        timeout = START_SECONDS + SECONDS_PER_FILE * len(paths)
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=work_dir,
            start_new_session=True,  # its own process group: a timeout ends soffice.bin too, not just the wrapper
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # what it finished is kept; the rest count as not converted
            process.wait()
        extension = target.split(":", 1)[0]
        converted: dict[Path, Path | None] = {}
        for path, link in zip(paths, linked, strict=True):
            made = outputs / f"{link.stem}.{extension}"
            if made.is_file() and made.stat().st_size > 0:
                final = out_dir / f"{uuid.uuid4().hex}.{extension}"  # unique across runs into one folder
                shutil.move(made, final)
                converted[path] = final
            else:
                converted[path] = None
        return converted
