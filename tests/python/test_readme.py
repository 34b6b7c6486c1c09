"""The README is a landing page; the reference lives in docs/, and every link holds.

Fast: reads files only, builds nothing.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
README = PROJECT_DIR / "README.md"
DOCS = sorted((PROJECT_DIR / "docs").glob("*.md"))
PAGES = [README, *DOCS]

LINK = re.compile(r"\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)\)")
# a path into the project written in backticks: `models/...`, `macros/x.sql`, ...
CODE_PATH = re.compile(
    r"`((?:models|macros|seeds|snapshots|tests|src|scripts|dashboard|analyses|docs|\.ci)"
    r"/[^`\s]*)`"
)


def _prose(page: Path) -> str:
    """The page without its fenced code blocks."""
    kept, fenced = [], False
    for line in page.read_text().splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            kept.append(line)
    return "\n".join(kept)


def _anchors(page: Path) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens."""
    seen: dict[str, int] = {}
    anchors = set()
    for line in _prose(page).splitlines():
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(1).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _relative_links(page: Path) -> list[str]:
    return [
        target
        for target in LINK.findall(_prose(page))
        if not re.match(r"[a-z][a-z0-9+.-]*:", target)  # http:, https:, mailto:
    ]


def test_link_pattern_and_anchors_read_markdown_as_github_does(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Reading the marts (BI tools)\n\n## Daily builds and scale\n\n## Daily builds and scale\n"
        "See [a](./x.md), [b `c`](y.md#top), [web](https://example.com) and\n"
        "```\n[not a link](z.md)\n```\n"
    )
    assert _relative_links(page) == ["./x.md", "y.md#top"]
    assert _anchors(page) == {
        "reading-the-marts-bi-tools",
        "daily-builds-and-scale",
        "daily-builds-and-scale-1",
    }


def test_every_relative_link_resolves():
    broken = []
    for page in PAGES:
        for target in _relative_links(page):
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{page.relative_to(PROJECT_DIR)}: {target} (no such file)")
            elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
                broken.append(f"{page.relative_to(PROJECT_DIR)}: {target} (no such heading)")
    assert broken == []


def test_docs_pages_link_each_other_relatively():
    # docs pages link ./x.md; README links docs/x.md
    wrong = [
        f"{page.name}: {target}"
        for page in DOCS
        for target in _relative_links(page)
        if target.startswith(("docs/", "/"))
    ]
    assert wrong == []


def test_every_project_path_the_pages_name_exists():
    missing = [
        f"{page.relative_to(PROJECT_DIR)}: {path}"
        for page in PAGES
        for path in CODE_PATH.findall(page.read_text())
        if not any(ch in path for ch in "<>*{}")
        and "..." not in path
        and not (PROJECT_DIR / path.rstrip("/")).exists()
    ]
    assert missing == []


def test_readme_links_every_docs_page():
    linked = {(README.parent / t.partition("#")[0]).resolve() for t in _relative_links(README)}
    assert [page.name for page in DOCS if page.resolve() not in linked] == []


def test_readme_is_a_landing_page():
    lines = README.read_text().splitlines()
    assert len(lines) <= 200
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Two commands",
        "## Your own data",
        "## How it is built",
        "## Performance",
        "## Where to read next",
    ]


def test_readme_test_command_is_what_ci_runs():
    prose_and_code = README.read_text()
    block = prose_and_code.split("## Two commands", 1)[1].split("```bash\n", 1)[1]
    commands = [line.split("#")[0].strip() for line in block.split("```")[0].splitlines()]
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    ci_run = (PROJECT_DIR / ".ci/run").read_text().splitlines()
    assert ci_run[-1] == "bash scripts/test.sh"
    workflow = yaml.safe_load((PROJECT_DIR / ".github/workflows/ci.yml").read_text())
    runs = [step.get("run") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "bash scripts/test.sh" in runs


def test_settings_page_lists_every_var():
    variables = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    listed = set()
    for line in (PROJECT_DIR / "docs/settings.md").read_text().splitlines():
        if line.startswith("| `"):
            listed |= set(re.findall(r"`([^`]+)`", line.split("|")[1]))
    missing = [v for v in variables if not any(fnmatch.fnmatch(v, n) for n in listed)]
    assert missing == []
