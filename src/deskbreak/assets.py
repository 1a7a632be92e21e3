"""The one way to reach deskbreak's data files: exercises, routines, poses, icons, sounds.

Installed, they ship inside the package as ``deskbreak/data/``; in a source checkout they are
read from ``assets/`` at the repository root, where they are edited.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE = "deskbreak"
PACKAGED_FOLDER = "data"
"""The assets' folder inside the installed package (pyproject maps assets/ there)."""


def asset_path(name: str) -> Path:
    """The file ``name`` (such as ``"exercises.toml"`` or ``"icons/ring.svg"``) on disk.

    For APIs that need a file name (Qt icons and sounds). FileNotFoundError if it is missing.
    """
    found = _find(name)
    if not isinstance(found, Path):
        # Only a zip import gives a Traversable that is not a Path; deskbreak is not
        # shipped that way, and read_asset_text() still works there.
        raise FileNotFoundError(f"asset {name!r} is not a file on disk: {found}")
    return found


def read_asset_text(name: str) -> str:
    """The text of the asset ``name``, read as UTF-8."""
    return _find(name).read_text(encoding="utf-8")


def _find(name: str) -> Traversable:
    # Names use "/" on every platform, and never leave the assets folder.
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"expected an asset name such as 'exercises.toml', got {name!r}")
    for root in _roots():
        candidate = root.joinpath(*parts)
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no asset {name!r} in {', '.join(str(r) for r in _roots())}")


def _roots() -> list[Traversable]:
    packaged = files(PACKAGE) / PACKAGED_FOLDER
    # src/deskbreak/assets.py -> the repository root; only a source checkout has assets/ there.
    checkout = Path(__file__).resolve().parents[2] / "assets"
    return [root for root in (packaged, checkout) if root.is_dir()]
