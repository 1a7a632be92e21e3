"""The layer contract (pyproject [tool.importlinter]) runs with the tests."""

import shutil
import subprocess
import sys
from pathlib import Path


def test_layer_contract_holds() -> None:
    beside_python = Path(sys.executable).with_name("lint-imports")
    linter = str(beside_python) if beside_python.exists() else shutil.which("lint-imports")
    assert linter, "import-linter is part of the test extra"
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([linter], cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
