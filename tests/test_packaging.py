"""The wheel ships every subpackage and the assets."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    present = {"deskbreak"} | {
        f"deskbreak.{folder.name}"
        for folder in (ROOT / "src" / "deskbreak").iterdir()
        if (folder / "__init__.py").exists()
    }
    assert present | {"deskbreak.data"} == listed
