"""Stage 6: turn a Comparison into what people and CI read.

`render_html` (self-contained report), `to_json` (versioned, byte-identical result),
`render_markdown` (PR comment), `print_summary` (terminal), and the two file-safety helpers the
CLI calls before and after the pipeline runs. All of them read one ReportView so their figures
always agree.
"""

from claimdiff.report.console import print_summary
from claimdiff.report.files import refuse_overwriting_inputs, write_atomic
from claimdiff.report.html import render_html
from claimdiff.report.markdown import render_markdown
from claimdiff.report.result_json import SCHEMA_FILE, SCHEMA_NAME, SCHEMA_VERSION, to_json

__all__ = [
    "SCHEMA_FILE",
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "print_summary",
    "refuse_overwriting_inputs",
    "render_html",
    "render_markdown",
    "to_json",
    "write_atomic",
]
