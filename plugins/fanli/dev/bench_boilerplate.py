"""`python -m fanli.dev.bench_boilerplate [PARAGRAPHS]`: a library of near-identical paragraphs, built.

Boilerplate varied thousands of times (one number or name changed) once made the similar-wording
index compare every pair of paragraphs in a bucket: 100,000 such paragraphs never finished. This
writes a synthetic project whose reports hold PARAGRAPHS (default 100,000) such paragraphs, builds
it in a fresh process and prints the build time and the time of the similar-wording step.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from fanli.core.dump import dump_yaml
from fanli.dev.bench import BUILD_SCRIPT, run_child
from fanli.dev.synth import write_project

PER_DOCUMENT = 500  # paragraphs per report
BOILERPLATE = "全面从严治党向纵深发展，党风廉政建设和反腐败工作取得新成效，各级党组织落实主体责任第{n}项措施落实到位。"


def write_boilerplate_project(project: Path, paragraphs: int) -> None:
    """The synthetic sample project with one more unit, whose reports hold the near-identical paragraphs."""
    write_project(project, reports=1, data_dir=Path("data"))
    documents = []
    for first in range(0, paragraphs, PER_DOCUMENT):
        number = first // PER_DOCUMENT + 1
        documents.append(
            {
                "id": f"taoyu-{number}",
                "title": f"套语汇编第{number}册",
                "year": 2000 + number % 25,
                "genre": "工作总结",
                "themes": [],
                "opening": [BOILERPLATE.format(n=n) for n in range(first, min(first + PER_DOCUMENT, paragraphs))],
            }
        )
    unit = {"unit": {"id": "taoyu", "name": "套语单位", "level": "乡镇"}, "documents": documents}
    (project / "data" / "units" / "taoyu.yml").write_text(dump_yaml(unit), encoding="utf-8")


def main() -> int:
    paragraphs = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    project = Path(tempfile.mkdtemp(prefix="fanli-boilerplate-"))
    write_boilerplate_project(project, paragraphs)
    result = run_child(BUILD_SCRIPT, [str(project / "mkdocs.yml")], project / "build.log")
    timings = result.report.get("timings") or {}
    print(json.dumps({"paragraphs": paragraphs, "build_s": round(result.wall_s, 1), "derive_s": timings.get("derive")}))
    print(f"project kept in {project}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
