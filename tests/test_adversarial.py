"""The adversarial corpus: one hazard per file, each in its own process.
Every one must end with its expected outcome, and no process may die."""

from __future__ import annotations

import builtins
import re
import subprocess
import sys
from pathlib import Path

import pytest

import jsrun

CORPUS = Path(__file__).resolve().parent / "adversarial"
HAZARDS = sorted(p for p in CORPUS.iterdir() if p.suffix in {".js", ".py"} and p.name != "run.py")


def expected(path: Path) -> str:
    match = re.search(r"^(?://|#) expect: (\w+)$", path.read_text(), re.MULTILINE)
    assert match, f"{path.name} has no expect line"
    return match.group(1)


def test_every_hazard_expects_an_outcome_that_exists() -> None:
    # A typo in an `expect:` line would make its hazard unpassable; the runner
    # prints "ok" or the class name of the exception raised.
    for hazard in HAZARDS:
        outcome = expected(hazard)
        known = outcome == "ok" or isinstance(getattr(jsrun, outcome, getattr(builtins, outcome, None)), type)
        assert known, (hazard.name, outcome)


@pytest.mark.parametrize("hazard", HAZARDS, ids=[p.name for p in HAZARDS])
def test_hazard(hazard: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(CORPUS / "run.py"), str(hazard)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"process died or failed ({result.returncode}): {result.stderr[-3000:]}"
    assert result.stdout.strip().splitlines()[-1] == expected(hazard), result.stdout + result.stderr[-2000:]
