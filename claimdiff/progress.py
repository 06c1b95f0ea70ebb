"""Stage-by-stage progress on stderr with rich; silent when disabled or not a terminal."""

from __future__ import annotations

import sys
import time

from rich.console import Console


class StageProgress:
    def __init__(self, enabled: bool = True) -> None:
        self.console = Console(stderr=True)
        self.enabled = enabled
        self._status = None
        self._started = time.perf_counter()
        self.timings: dict[str, float] = {}
        self._current: str | None = None
        self._since = 0.0

    def __enter__(self) -> "StageProgress":
        if self.enabled and sys.stderr.isatty():
            self._status = self.console.status("starting")
            self._status.__enter__()
        return self

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        if self._current is not None:
            self.timings[self._current] = now - self._since
        self._current, self._since = name, now
        if self._status is not None:
            self._status.update(f"[bold]{name}[/bold] ({now - self._started:.1f}s)")

    def __exit__(self, *exc) -> None:
        self.stage("done")
        if self._status is not None:
            self._status.__exit__(*exc)
