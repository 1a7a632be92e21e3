"""``deskbreak preview EXERCISE --out DIR``: renders an exercise's figure to PNG files.

Frames across one rep (each side where the exercise has sides) and a contact sheet of them.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import Side
from deskbreak.domain.figure import Animation, AnimationFileError, load_animations

ANIMATIONS_ASSET = "animations.toml"
SHEET_COLUMNS = 8
SHEET_LABEL = 22
"""Pixels of caption under each frame of the contact sheet."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "exercise", nargs="?", metavar="EXERCISE", help="an exercise id, or all (as --all)"
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for PNGs")
    parser.add_argument(
        "--frames", type=int, default=8, metavar="N", help="frames across one rep (default 8)"
    )
    parser.add_argument(
        "--size", default="400x400", metavar="WxH", help="size of each frame (default 400x400)"
    )
    parser.add_argument(
        "--keys", action="store_true", help="render the phases of the key poses instead"
    )
    parser.add_argument("--dark", action="store_true", help="paint on a dark background")
    parser.add_argument("--all", action="store_true", help="render every animation")


def _size(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{1,4})x(\d{1,4})", text)
    if match is None:
        return None
    width, height = int(match.group(1)), int(match.group(2))
    return (width, height) if width >= 16 and height >= 16 else None


def run(args: argparse.Namespace) -> int:
    size = _size(args.size)
    if size is None:
        print(f"expected --size as WIDTHxHEIGHT, such as 400x400; got {args.size!r}")
        return 2
    if not 1 <= args.frames <= 240:
        print(f"expected --frames from 1 to 240, got {args.frames}")
        return 2
    try:
        animations = load_animations(read_asset_text(ANIMATIONS_ASSET), ANIMATIONS_ASSET)
    except AnimationFileError as error:
        print(error)
        return 1
    if args.all or args.exercise == "all":
        chosen = list(animations)
    elif args.exercise is None:
        print("expected an exercise id, or --all")
        return 2
    elif args.exercise in animations:
        chosen = [animations[args.exercise]]
    else:
        print(f"no animation for {args.exercise!r}; known: {', '.join(animations.ids)}")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for animation in chosen:
        phases = key_phases(animation) if args.keys else even_phases(args.frames)
        for path in _render(animation, args.out, phases=phases, size=size, dark=args.dark):
            print(path)
    return 0


def sides_of(animation: Animation) -> tuple[Side, ...]:
    """Both sides for a one-sided movement, the left alone otherwise."""
    return (Side.LEFT, Side.RIGHT) if animation.one_side else (Side.LEFT,)


def even_phases(frames: int) -> tuple[float, ...]:
    """``frames`` phases evenly across one rep, from its start."""
    return tuple(index / frames for index in range(frames))


def key_phases(animation: Animation) -> tuple[float, ...]:
    """The phases where the figure reaches a key pose, each once."""
    return tuple(sorted({phase for _, phase in animation.timing if phase < 1.0}))


def _render(
    animation: Animation,
    out: Path,
    *,
    phases: tuple[float, ...],
    size: tuple[int, int],
    dark: bool,
) -> list[Path]:
    """Paint each phase per side to ``out``, then the contact sheet; the files written."""
    # Qt only here, so the rest of the command line never loads it; no window is shown, so
    # no display is needed either.
    import os  # noqa: PLC0415

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt  # noqa: PLC0415
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: PLC0415

    from deskbreak.domain.figure import frame  # noqa: PLC0415
    from deskbreak.ui.figure import FigurePalette, render_frame  # noqa: PLC0415

    application = QGuiApplication.instance() or QGuiApplication([])
    del application  # kept alive by Qt; fonts for the captions need it
    palette = FigurePalette.dark() if dark else FigurePalette.light()
    width, height = size
    written: list[Path] = []
    cells: list[tuple[QImage, str]] = []
    for side in sides_of(animation):
        for index, phase in enumerate(phases):
            result = frame(animation, phase, side=side)
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(palette.background)
            painter = QPainter(image)
            try:
                render_frame(result, painter, QRectF(0, 0, width, height), palette)
            finally:
                painter.end()
            path = out / f"{animation.id}-{side.value}-{index:03d}.png"
            image.save(str(path))
            written.append(path)
            cells.append((image, f"{side.value} {phase:.2f}"))
    columns = min(len(phases), SHEET_COLUMNS)
    rows = -(-len(cells) // columns)
    sheet = QImage(
        columns * width, rows * (height + SHEET_LABEL), QImage.Format.Format_ARGB32_Premultiplied
    )
    sheet.fill(palette.background)
    ink = QColor(palette.edge) if not dark else QColor(palette.body)
    painter = QPainter(sheet)
    try:
        painter.setPen(ink)
        for number, (image, label) in enumerate(cells):
            column, row = number % columns, number // columns
            x, y = column * width, row * (height + SHEET_LABEL)
            painter.drawImage(x, y, image)
            painter.drawText(
                QRectF(x, y + height, width, SHEET_LABEL), Qt.AlignmentFlag.AlignCenter, label
            )
    finally:
        painter.end()
    path = out / f"{animation.id}-sheet.png"
    sheet.save(str(path))
    written.append(path)
    return written
