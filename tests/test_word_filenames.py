"""A Word download's file name: one rule, workbench/word.js's fileName (the Word files made in the browser,
from titles that may name the filters on screen), run here in Node on edge cases."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

WORD_JS = ROOT / "plugins" / "fanli" / "render" / "assets" / "workbench" / "word.js"
CASES = {
    "2024年党风廉政建设工作总结 素材": "2024年党风廉政建设工作总结_素材.docx",  # Chinese kept, spaces made _
    "段落范例 · 问题（文种 工作报告）": "段落范例_·_问题（文种_工作报告）.docx",
    'a/b\\c:d*e?f"g<h>i|j': "a_b_c_d_e_f_g_h_i_j.docx",  # what Windows refuses
    "制度\t汇编\n\u3000（二）": "制度_汇编_（二）.docx",  # runs of white space, the ideographic space too
    "..._隐藏文件_.": "隐藏文件.docx",  # no leading dot (a hidden file), no trailing dot or _
    "  \t ": "fanli.docx",
    "标" * 100: "标" * 80 + ".docx",
}


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the front-end rule (make lint installs it)")
def test_word_file_names_follow_the_one_rule() -> None:
    script = (
        "globalThis.window = {};\n"
        + WORD_JS.read_text(encoding="utf-8")
        + f"\nprocess.stdout.write(JSON.stringify({json.dumps(list(CASES))}.map(window.fanliWord.fileName)));"
    )
    result = subprocess.run(["node", "-"], input=script, capture_output=True, text=True, check=True)
    assert dict(zip(CASES, json.loads(result.stdout), strict=True)) == CASES
