"""Rewrite the example outputs in README.md and docs/*.md from real runs of the commands they show.

    python scripts/regenerate_docs.py            # rerun every marked block and rewrite its output
    python scripts/regenerate_docs.py --check    # write nothing; exit 1 naming each stale block
    python scripts/regenerate_docs.py --skip-slow docs/ci-gate.md

A marked block is an HTML comment (invisible on GitHub) followed by a fenced block:

    <!-- regenerate: slow head=4 setup="mkdir corpus && cp seeds/001_*.txt corpus/" -->
    ```console
    $ claimdiff check seeds/004_5b83c3a975a3c4f5.txt --against corpus/
    (output, replaced on every run)
    $ echo $?
    1
    ```

Lines starting with `$ ` are commands (a trailing backslash continues one); everything else is
output. Each file's blocks run in order in one scratch folder that starts with a copy of seeds/,
so a block can use what an earlier block of the same file made; `setup` runs first, unseen.
`claimdiff` is this checkout's (`sys.executable -m claimdiff`, PYTHONPATH=the checkout), in an
80-column terminal without colour, with an empty cache (HOME is a scratch folder): the output a
first run prints, whatever this machine has cached.

Options: `slow` (tests/test_docs.py does not rerun the block, it only checks that its claimdiff
command lines still parse; a block that needs a slow block's files must be slow too), `head=N`
(keep the first N lines of each command's output, then `...` and the last line), `mask=REGEX`
(each match, or its first group, printed as `...`: timings; repeatable), `setup=COMMANDS`.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = ("README.md", "docs/*.md")
BLOCK = re.compile(r"^<!-- regenerate(?::(?P<options>[^\n]*?))? -->\n```[^\n]*\n(?P<body>.*?)^```$", re.M | re.S)
FENCE = re.compile(r"^(?P<indent> {0,3})```(?P<lang>[^\n]*)\n(?P<body>.*?)^(?P=indent)```$", re.M | re.S)  # indented in a list too
COMMAND_SEPARATOR = "@@regenerate-docs: next command@@"
BLOCK_TIMEOUT_S = 900
# Output that must never reach the documentation: a crash, or a command the shell did not find.
BROKEN_OUTPUT = ("Traceback (most recent call last)", "claimdiff: internal error", "command not found")


class DocsError(Exception):
    """A block that cannot be regenerated (bad options, a crash in its output)."""


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # 1-based line of the marker comment
    body_start: int  # offsets of the fenced body in the file's text
    body_end: int
    commands: tuple[str, ...]
    slow: bool = False
    head: int | None = None
    setup: str = ""
    masks: tuple[str, ...] = ()

    def where(self) -> str:
        return f"{self.path.relative_to(REPO) if self.path.is_relative_to(REPO) else self.path}:{self.line}"


def documents(root: Path = REPO) -> list[Path]:
    return sorted({path for pattern in DOCUMENTS for path in root.glob(pattern)})


def find_blocks(text: str, path: Path) -> list[Block]:
    """Every marked block of one Markdown text, in order."""
    blocks = []
    for match in BLOCK.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        options: dict = dict(slow=False, head=None, setup="", masks=())
        for token in shlex.split(match.group("options") or ""):
            name, _, value = token.partition("=")
            if name == "slow" and not value:
                options["slow"] = True
            elif name == "head" and value.isdigit():
                options["head"] = int(value)
            elif name == "setup" and value:
                options["setup"] = value
            elif name == "mask" and value:
                try:
                    re.compile(value)
                except re.error as error:
                    raise DocsError(f"{path}:{line}: mask {value!r} is not a regular expression: {error}") from None
                options["masks"] += (value,)
            else:
                raise DocsError(f"{path}:{line}: unknown block option {token!r} (slow, head=N, mask=REGEX, setup=COMMANDS)")
        commands = _commands(match.group("body"))
        if not commands:
            raise DocsError(f"{path}:{line}: a marked block needs at least one `$ command` line")
        blocks.append(Block(path, line, match.start("body"), match.end("body"), commands, **options))
    return blocks


def _commands(body: str) -> tuple[str, ...]:
    commands: list[str] = []
    continuing = False
    for line in body.splitlines():
        if continuing:
            commands[-1] += "\n" + line
        elif line.startswith("$ "):
            commands.append(line[2:])
        continuing = bool(commands) and commands[-1].endswith("\\")
    return tuple(commands)


def docs_environment(bin_dir: Path, home: Path) -> dict[str, str]:
    """A terminal that prints the same bytes everywhere: 80 columns, no colour, this checkout's claimdiff."""
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "CLAIMDIFF_DEBUG", "CLICOLOR_FORCE")}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",  # stdout and stderr interleave as on a terminal
        PYTHONIOENCODING="utf-8",  # rich draws its boxes in ASCII for other encodings
        COLUMNS="80",
        TERMINAL_WIDTH="80",
        NO_COLOR="1",
        TERM="dumb",
        _TYPER_FORCE_DISABLE_TERMINAL="1",
        REPO=str(REPO),
        HOME=str(home),  # an empty ~/.cache/claimdiff: what a first run prints, whatever this machine has cached
    )
    return env


def _claimdiff_shim(bin_dir: Path) -> None:
    shim = bin_dir / "claimdiff"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m claimdiff "$@"\n')
    shim.chmod(0o755)


def run_block(block: Block, workdir: Path, env: dict[str, str]) -> str:
    """The block's new body: each command followed by what it printed (stdout and stderr)."""
    if block.setup:
        prepared = subprocess.run(["bash", "-c", block.setup], cwd=workdir, env=env, capture_output=True, text=True, timeout=BLOCK_TIMEOUT_S)
        if prepared.returncode != 0:
            raise DocsError(f"{block.where()}: setup failed: {prepared.stdout}{prepared.stderr}")
    script = []
    for command in block.commands:
        script.append(f"__status=$?; printf '\\n%s\\n' '{COMMAND_SEPARATOR}'; (exit $__status)")
        script.append(command)
    script.append(f"printf '\\n%s\\n' '{COMMAND_SEPARATOR}'")
    finished = subprocess.run(["bash", "-c", "\n".join(script)], cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, timeout=BLOCK_TIMEOUT_S)
    outputs = finished.stdout.split(f"\n{COMMAND_SEPARATOR}\n")[1:-1]
    if len(outputs) != len(block.commands):
        raise DocsError(f"{block.where()}: the commands did not all run:\n{finished.stdout}")
    lines = []
    for command, output in zip(block.commands, outputs):
        for broken in BROKEN_OUTPUT:
            if broken in output:
                raise DocsError(f"{block.where()}: `{command}` printed {broken!r}:\n{output}")
        lines.append(f"$ {command}")
        lines.extend(_shorten(_tidy(_mask(output, block.masks)), block.head))
    return "\n".join(lines) + "\n"


def _mask(output: str, patterns: tuple[str, ...]) -> str:
    """Each match (or its first group) becomes `...`: timings and other figures that change from run to run."""

    def hide(match: re.Match) -> str:
        if not match.re.groups:
            return "..."
        start, end = match.start(1) - match.start(), match.end(1) - match.start()
        return match.group()[:start] + "..." + match.group()[end:]

    for pattern in patterns:
        output = re.sub(pattern, hide, output)
    return output


def _tidy(output: str) -> list[str]:
    """Trailing spaces off (rich pads its lines; editors strip them), no blank lines around."""
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _shorten(lines: list[str], head: int | None) -> list[str]:
    if head is None or len(lines) <= head + 2:
        return lines
    return [*lines[:head], "...", lines[-1]]


def regenerate_text(text: str, path: Path, *, include_slow: bool = True) -> tuple[str, list[Block]]:
    """(the text with every marked block rerun, the blocks whose output changed); slow ones left as they are unless included."""
    blocks = [block for block in find_blocks(text, path) if include_slow or not block.slow]
    if not blocks:
        return text, []
    stale, pieces, position = [], [], 0
    with tempfile.TemporaryDirectory(prefix="claimdiff-docs-") as scratch:
        root = Path(scratch)
        bin_dir, workdir, home = root / "bin", root / "work", root / "home"
        bin_dir.mkdir()
        home.mkdir()
        _claimdiff_shim(bin_dir)
        shutil.copytree(REPO / "seeds", workdir / "seeds")
        env = docs_environment(bin_dir, home)
        for block in blocks:
            body = run_block(block, workdir, env)
            if body != text[block.body_start : block.body_end]:
                stale.append(block)
            pieces += [text[position : block.body_start], body]
            position = block.body_end
    pieces.append(text[position:])
    return "".join(pieces), stale


def claimdiff_command_lines(text: str, path: Path) -> list[list[str]]:
    """The arguments of every `claimdiff ...` command shown in a fenced block that the tests do not run:
    plain examples and slow blocks (comments, redirections and pipes cut)."""
    rerun = {block.body_start for block in find_blocks(text, path) if not block.slow}
    found = []
    for fence in FENCE.finditer(text):
        language = fence.group("lang").strip()
        if language not in ("", "sh", "shell", "bash", "console") or fence.start("body") in rerun:
            continue  # not shell, or run by the tests anyway (where a refusal may be the point)
        for line in fence.group("body").replace("\\\n", " ").splitlines():
            line = line.strip()
            if language == "console" and not line.startswith("$ "):
                continue  # output
            line = line.removeprefix("$ ")
            try:
                words = shlex.split(line, comments=True)
            except ValueError:
                continue
            if words and (words[0] == "claimdiff" or words[0].endswith("/claimdiff")):
                args = []
                for word in words[1:]:
                    if word in ("|", ">", ">>", "<", "2>", "&&", ";") or word.startswith(("2>", ">")):
                        break
                    args.append(word)
                found.append(args)
    return found


def parse_problem(args: list[str]) -> str | None:
    """Why this claimdiff command line would be refused before it runs (unknown command or option, bad value), or None."""
    import typer.main

    from claimdiff.cli import typer_app

    if not args or args[0].startswith("-") or "--help" in args:
        return None  # options of claimdiff itself and help pages: shown by cheap blocks, which run
    command, names = typer.main.get_command(typer_app), ["claimdiff"]
    while hasattr(command, "commands") and args and not args[0].startswith("-"):
        if args[0] not in command.commands:
            return f"no command {' '.join([*names, args[0]])!r}"
        command, names, args = command.commands[args[0]], [*names, args[0]], args[1:]
    try:
        command.make_context(" ".join(names), list(args))
    except Exception as error:  # typer raises its own copy of click's exceptions; all carry format_message
        return error.format_message() if hasattr(error, "format_message") else f"{type(error).__name__}: {error}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="Markdown files (default: README.md and docs/*.md)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a block is stale")
    parser.add_argument("--skip-slow", action="store_true", help="leave blocks marked slow as they are")
    options = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    refused = stale_count = 0
    try:
        for path in [file.resolve() for file in options.files] or documents():
            text = path.read_text(encoding="utf-8")
            for args in claimdiff_command_lines(text, path):
                problem = parse_problem(args)
                if problem:
                    print(f"{path}: `claimdiff {shlex.join(args)}` would be refused: {problem}", file=sys.stderr)
                    refused += 1
            new_text, stale = regenerate_text(text, path, include_slow=not options.skip_slow)
            stale_count += len(stale)
            for block in stale:
                print(f"{block.where()}: {'stale' if options.check else 'regenerated'}", file=sys.stderr)
            if stale and options.check:
                sys.stderr.writelines(difflib.unified_diff(text.splitlines(True), new_text.splitlines(True), f"{path} (now)", f"{path} (regenerated)", n=1))
            elif stale:
                path.write_text(new_text, encoding="utf-8")
    except (DocsError, subprocess.TimeoutExpired) as error:
        print(f"regenerate_docs: {error}", file=sys.stderr)
        return 2
    return 1 if refused or (options.check and stale_count) else 0


if __name__ == "__main__":
    sys.exit(main())
