"""A strict Content-Security-Policy for a built site: the hashes of the inline scripts it carries.

fanli's own scripts are files; Material for MkDocs writes three small inline scripts into every
page (`__md_scope`, which differs with the page's folder depth, the colour palette, and the
anchor jump), which a policy must allow by hash. Run `python -m fanli.dev.csp site/` after a
build, and paste the line it prints into the server's configuration (docs/deploy.md).
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

# An inline classic script: no src, not a JSON data block (which browsers never run).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|type)=)[^>]*>(.*?)</script>", re.S)


def inline_script_hashes(site: Path) -> list[str]:
    """The CSP sources ('sha256-…') of every distinct inline script of the site's pages."""
    hashes = set()
    for page in site.rglob("*.html"):
        for body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def policy(site: Path) -> str:
    """No host but the site's own; inline scripts by hash only; inline styles (table alignment) allowed."""
    scripts = " ".join(["'self'", *inline_script_hashes(site)])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'self'"
    )


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    print(f'add_header Content-Security-Policy "{policy(site)}" always;')


if __name__ == "__main__":
    main()
