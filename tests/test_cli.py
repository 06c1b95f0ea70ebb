"""The command line's contract: usage mistakes are typer's message and exit 2, never an internal error.

Run through the real entry point (`python -m claimdiff`, and the console script's wrapper) with the
typer that `make` installs; none of these load a model, so each run takes a fraction of a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import typer.main
from rich.text import Text

import claimdiff
from claimdiff import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = "seeds/000_2acc9f27728101c0.txt"
# A wide terminal, so that rich does not wrap the messages the assertions look for.
WIDE = {**os.environ, "TERMINAL_WIDTH": "200", "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
WIDE.pop("CLAIMDIFF_DEBUG", None)


def run_claimdiff(*args: str, command: tuple[str, ...] = (sys.executable, "-m", "claimdiff")) -> subprocess.CompletedProcess:
    return subprocess.run([*command, *args], cwd=ROOT, env=WIDE, capture_output=True, text=True, timeout=60)


USAGE_MISTAKES = [
    (("compare", "seeds", "--format", "sarif"), "No such option: --format"),  # an option of another command
    (("check", SEED, "--formt", "json"), "No such option: --formt"),
    (("frobnicate",), "No such command 'frobnicate'"),
    (("compare", "seeds", "--threads", "abc"), "Invalid value for '--threads'"),
    (("check", SEED, "--min-confidence", "high"), "Invalid value for '--min-confidence'"),
    (("compare",), "Missing argument 'sources'"),
    (("check", SEED, "--against"), "Option '--against' requires an argument"),
    (("baseline", SEED), "Missing option '-o' / '--output'"),
]


@pytest.mark.parametrize("args, message", USAGE_MISTAKES, ids=[" ".join(args) for args, _ in USAGE_MISTAKES])
def test_usage_mistakes_exit_2_with_typers_message(args, message):
    finished = run_claimdiff(*args)
    assert finished.returncode == 2, finished.stderr
    assert message in finished.stderr and "Error" in finished.stderr
    assert "internal error" not in finished.stderr and "Traceback" not in finished.stderr
    assert finished.stdout == ""


def test_no_arguments_prints_the_help_never_an_internal_error():
    finished = run_claimdiff()
    assert finished.returncode in (0, 2)
    output = finished.stdout + finished.stderr
    assert "Usage: claimdiff [OPTIONS] COMMAND" in output and "compare" in output and "--version" in output
    assert "error" not in finished.stderr.lower() and "Traceback" not in output


def test_version_prints_the_package_version():
    finished = run_claimdiff("--version")
    assert (finished.returncode, finished.stdout, finished.stderr) == (0, f"claimdiff {claimdiff.__version__}\n", "")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert claimdiff.__version__ == project["version"]


def test_the_console_script_behaves_as_python_dash_m(tmp_path):
    """The wrapper pip writes for [project.scripts], pointed at the entry named in pyproject.toml."""
    entry = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["claimdiff"]
    module, function = entry.split(":")
    script = tmp_path / "claimdiff"
    script.write_text(f"import sys\nfrom {module} import {function}\nif __name__ == '__main__':\n    sys.exit({function}())\n")
    for args in (("compare", "seeds", "--format", "sarif"), ("compare", SEED), ("--version",)):
        as_script = run_claimdiff(*args, command=(sys.executable, str(script)))
        as_module = run_claimdiff(*args)
        assert (as_script.returncode, as_script.stdout, as_script.stderr) == (as_module.returncode, as_module.stdout, as_module.stderr)
        if args[0] == "compare" and "--format" in args:
            assert as_module.stderr.startswith("Usage: claimdiff compare [OPTIONS]")  # not "python -m claimdiff"
    assert as_module.returncode == 0


def test_bad_input_is_still_one_line_and_exit_2():
    finished = run_claimdiff("compare", SEED)
    assert finished.returncode == 2
    assert finished.stderr == "claimdiff: error: compare needs at least 2 documents, got 1: give two or more files or a folder\n"


def test_an_unexpected_failure_is_one_line_and_exit_3(tmp_path, monkeypatch, capsys):
    from claimdiff import pipeline

    def fail(*args, **kwargs):
        raise RuntimeError("the judge fell over")

    monkeypatch.setattr(pipeline, "compare", fail)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMDIFF_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["claimdiff", "compare", "--quiet", str(ROOT / "seeds")])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 3
    assert capsys.readouterr().err == "claimdiff: internal error: RuntimeError: the judge fell over (set CLAIMDIFF_DEBUG=1 for details)\n"
    monkeypatch.setenv("CLAIMDIFF_DEBUG", "1")
    with pytest.raises(RuntimeError, match="the judge fell over"):
        cli.main()


def _help_texts(command, path="claimdiff"):
    """(where, text) for the help of every command and parameter, sub-commands included."""
    yield path, command.help or ""
    for parameter in command.params:
        yield f"{path} {parameter.name}", getattr(parameter, "help", None) or ""
    for name, sub in getattr(command, "commands", {}).items():
        yield from _help_texts(sub, f"{path} {name}")


def test_help_strings_survive_rich_markup():
    """`[ray]` in a help string was swallowed as a markup tag: a literal bracket must be written `\\[`."""
    texts = list(_help_texts(typer.main.get_command(cli.typer_app)))
    assert any("claimdiff\\[ray]" in text for _, text in texts)
    for where, text in texts:
        assert Text.from_markup(text).plain == text.replace("\\[", "["), where


def test_compare_help_shows_the_ray_extra():
    finished = run_claimdiff("compare", "--help")
    assert finished.returncode == 0
    assert "(pip install 'claimdiff[ray]')" in finished.stdout
