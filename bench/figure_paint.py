"""How long the figure takes to paint: p50, p90 and p99 of ``render_frame`` in milliseconds.

Paints every animation through one rep (both sides of a one-sided one) into an offscreen
image, after one warm-up pass, and prints the figures; nothing fails on time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/figure_paint.py [--size 400x400] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter

from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import Side
from deskbreak.domain.figure import Frame, frame, load_animations
from deskbreak.ui.figure import FigurePalette, render_frame

PHASES = 60


def frames() -> list[Frame]:
    animations = load_animations(read_asset_text("animations.toml"), "animations.toml")
    result: list[Frame] = []
    for animation in animations:
        sides = (Side.LEFT, Side.RIGHT) if animation.one_side else (Side.LEFT,)
        for side in sides:
            result.extend(frame(animation, i / PHASES, side=side) for i in range(PHASES))
    return result


def paint_times(
    results: list[Frame], width: int, height: int, palette: FigurePalette
) -> list[float]:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    rect = QRectF(0, 0, width, height)
    times: list[float] = []
    for result in results:
        image.fill(palette.background)
        painter = QPainter(image)
        start = time.perf_counter()
        render_frame(result, painter, rect, palette)
        times.append((time.perf_counter() - start) * 1000)
        painter.end()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="400x400")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    app = QGuiApplication.instance() or QGuiApplication([])
    del app
    palette = FigurePalette.dark() if args.dark else FigurePalette.light()
    results = frames()
    paint_times(results, width, height, palette)  # warm up: caches, code paths
    times: list[float] = []
    for _ in range(args.rounds):
        times.extend(paint_times(results, width, height, palette))
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    print(
        f"render_frame {width}x{height}, {len(results)} frames x {args.rounds}: "
        f"p50 {cuts[49]:.2f} ms  p90 {cuts[89]:.2f} ms  p99 {cuts[98]:.2f} ms  "
        f"max {max(times):.2f} ms"
    )


if __name__ == "__main__":
    main()
