"""`kg --help` lists every command without importing any, and stays fast; `--version` and `python -m kg`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cli_helpers import REPO, run_kg
from kg import __version__
from kg.cli import COMMANDS, load_command

# Modules whose import alone costs a large share of `kg --help`'s 0.3 s budget.
HEAVY = ("networkx", "numpy", "scipy", "spacy", "neo4j", "pydantic", "rich", "igraph", "kg.commands")


def test_help_lists_every_command_without_importing_one() -> None:
    code = ("import json, sys\nfrom kg.cli import main\nsys.argv = ['kg', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(name for name in sys.modules if name.startswith(" + repr(HEAVY) + "))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                            env={"COLUMNS": "200", "PATH": ""}, check=True)
    help_text, _, loaded = result.stdout.rpartition("\n[")
    assert json.loads("[" + loaded) == []
    words = " ".join(help_text.split())  # the lines are wrapped to the terminal
    for name, entry in COMMANDS.items():
        assert f" {name} {entry.summary}" in words, name


def test_each_summary_is_the_command_s_own_first_line() -> None:
    for name, entry in COMMANDS.items():
        assert load_command(name).get_short_help_str(limit=1000) == entry.summary, name


def test_version_and_python_dash_m() -> None:
    script = Path(sys.executable).parent / "kg"  # the console script pip installed beside this Python
    for result in (run_kg("--version"), subprocess.run([script, "--version"], capture_output=True, text=True)):
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"kg {__version__}\n"
    usage = run_kg("stats", "--help")
    assert usage.returncode == 0 and usage.stdout.startswith("Usage: kg stats "), usage.stdout
