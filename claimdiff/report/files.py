"""Writing outputs safely: never half a file, never over an article that was just read.

A report written over its own input would destroy the user's data, and a report written into
an input folder with an extension ingest reads would be compared as an article on the next run;
both are refused before any work starts.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from claimdiff.errors import ClaimdiffError

# What ingest reads from a folder (a copy of ingest.SUPPORTED_SUFFIXES, kept in step by a test,
# so that report does not import an earlier stage); a report with one of these suffixes inside
# an input folder would be read back as an article next time.
READABLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"})


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # also catches hard links and case-insensitive file systems
    except OSError:
        return False


def refuse_overwriting_inputs(outputs: Sequence[str | os.PathLike], sources: Sequence[str]) -> None:
    """Raise ClaimdiffError if an output would replace an input, land in an input folder, or repeat."""
    resolved_outputs: dict[Path, Path] = {}
    for output in outputs:
        path = Path(output)
        target = Path(os.path.realpath(path))
        if target in resolved_outputs:
            raise ClaimdiffError(f"two outputs point to the same file: {resolved_outputs[target]} and {path}")
        resolved_outputs[target] = path
        if target.is_dir():
            raise ClaimdiffError(f"output {path} is a folder; give a file name")
    for source in sources:
        if source == "-":
            continue
        source_path = Path(os.path.realpath(source))  # never raises, even on a symlink loop; ingest reports those
        for target, given in resolved_outputs.items():
            if target == source_path or (source_path.is_file() and target.exists() and _same_file(target, source_path)):
                raise ClaimdiffError(f"refusing to overwrite input file {source} with output {given}")
            if source_path.is_dir() and source_path in target.parents and target.suffix.lower() in READABLE_SUFFIXES:
                raise ClaimdiffError(
                    f"refusing to write {given} inside input folder {source}: it would be read as an article next time"
                )


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write via a temporary file in the same folder and os.replace, so readers see old or new, never half."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ClaimdiffError(f"cannot create folder {path.parent}: {error.strerror or error}") from None
    if path.is_dir():
        raise ClaimdiffError(f"cannot write {path}: it is a folder")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    except OSError:
        mode = _default_mode()
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = Path(handle.name)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise ClaimdiffError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
