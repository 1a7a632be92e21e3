"""The layer contract (pyproject [tool.importlinter]) runs with the tests."""

import shutil
import subprocess
from pathlib import Path


def test_layer_contract_holds() -> None:
    linter = shutil.which("lint-imports")
    assert linter, "import-linter is part of the test extra"
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([linter], cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
