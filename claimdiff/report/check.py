"""Every output format of `claimdiff check`, by name: a new format is one module here and one line below."""

from __future__ import annotations

from claimdiff.gate import CheckResult
from claimdiff.report import check_github, check_json, check_markdown, check_sarif, check_text
from claimdiff.report.check_text import stale_notes, summary_line

RENDERERS = {
    "text": check_text.render,
    "json": check_json.render,
    "markdown": check_markdown.render,
    "sarif": check_sarif.render,
    "github": check_github.render,
}
FORMATS = tuple(RENDERERS)

__all__ = ["FORMATS", "RENDERERS", "render", "stale_notes", "summary_line"]


def render(result: CheckResult, fmt: str) -> str:
    return RENDERERS[fmt](result)
