"""Benchmark: the routine player at 60 fps on a software-rendered X screen.

Plays the Glute wake-up in the real PlayerWindow (sound muted) for a while and measures, in a
child process of its own:

* frames presented per second (top-level repaints that painted something and were flushed),
* paint time per frame: the window's and the figure's paintEvent, p50/p90/p99/max,
* frame time: the whole repaint of the window (every widget, then the flush to the X server),
* CPU time of the process per wall second (% of one core) and its resident memory,
* CPU of the X server per wall second, when the script started that server.

The baseline, measured in the same run and on the same screen, is a bare QWidget of the same
size repainted by a 60 fps timer that fills a gradient: the floor any animated window pays.

    .venv/bin/python bench/player.py [--seconds N] [--size WxH] [--json] [--display :N]

Without --display the script starts its own Xvfb (PLATFORM.md §6), so the screen is always
software-rendered and the host desktop (and its DISPLAY) plays no part. No time limit is
checked here: the figures and the ratios are printed, and DESIGN.md's budgets judge them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import PySide6

# The bench scripts run as files, so bench/ is on the import path: one session helper for all.
from common import SCREEN, child_report, host_free_environment, percentile, ratio, start_xvfb, stop
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

WARM_UP_S = 1.0
"""Played before measuring: first show, font and style caches, the first frames."""
FRAME_MS = 16
"""The baseline's timer: the same interval as the player's frame timer."""
ROUTINE = "glute-wake-up"
KINDS = ("baseline", "player")


# -- figures ---------------------------------------------------------------------------------


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p90/p99/max and mean of durations given in seconds, in milliseconds."""
    ms = [s * 1000.0 for s in seconds]
    return {
        "p50": round(percentile(ms, 0.50), 3),
        "p90": round(percentile(ms, 0.90), 3),
        "p99": round(percentile(ms, 0.99), 3),
        "max": round(max(ms, default=0.0), 3),
        "mean": round(sum(ms) / len(ms), 3) if ms else 0.0,
    }


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU of another process (the X server), from /proc; None if unreadable."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    # After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mib() -> dict[str, float]:
    """Resident memory now and at its peak (VmRSS, VmHWM), in MiB."""
    found: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = round(int(value.split()[0]) / 1024.0, 1)
    if "VmHWM" not in found:  # not Linux: the peak is what getrusage knows
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        found["VmHWM"] = round(peak_kib / 1024.0, 1)
    return {"rss_mib": found.get("VmRSS", found["VmHWM"]), "peak_rss_mib": found["VmHWM"]}


# -- the measured process --------------------------------------------------------------------


def measure(
    kind: str, seconds: float, size: tuple[int, int], step: int, xserver_pid: int | None
) -> None:
    """Show ``kind``'s window, play it, and print one JSON object of figures on stdout."""

    class Recorder:
        """Per frame: the paint time of the timed widgets; and the whole repaint's time."""

        def __init__(self) -> None:
            self.recording = False
            self.clock = QElapsedTimer()
            self.clock.start()
            self.paint_ns = 0  # timed paintEvents since the last repaint began
            self.painted = False  # any widget of the window painted in this repaint
            self.paints: list[float] = []
            self.frames: list[float] = []
            self.idle_repaints = 0
            self.paint_counts: dict[str, int] = {}
            self.ticks = 0  # frame timer ticks while recording
            # The figure's frames: ticks in which it asked to be redrawn (its pose changed),
            # and of those, the ones whose next tick came before the figure was painted.
            self.figure_asked = 0
            self.figure_late = 0
            self.figure_waiting = False

        def tick(self) -> None:
            if self.recording:
                self.ticks += 1
                if self.figure_waiting:
                    self.figure_late += 1
            self.figure_waiting = False

        def figure_update(self) -> None:
            if self.recording and not self.figure_waiting:
                self.figure_asked += 1
                self.figure_waiting = True

        def timed_paint(self, name: str, paint: Any, event: QPaintEvent) -> None:
            if name == "figure":
                self.figure_waiting = False
            start = self.clock.nsecsElapsed()
            paint(event)
            self.paint_ns += self.clock.nsecsElapsed() - start
            if self.recording:
                self.paint_counts[name] = self.paint_counts.get(name, 0) + 1

        def timed_repaint(self, handle: Any, event: QEvent) -> bool:
            self.paint_ns = 0
            self.painted = False
            start = self.clock.nsecsElapsed()
            handled = bool(handle(event))
            elapsed = self.clock.nsecsElapsed() - start
            if self.recording:
                if self.painted:
                    self.frames.append(elapsed / 1e9)
                    self.paints.append(self.paint_ns / 1e9)
                else:
                    self.idle_repaints += 1
            return handled

    recorder = Recorder()

    class PaintSpy(QObject):
        """Notes that some widget of the window painted (labels, buttons, the progress bar)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                recorder.painted = True
            return False

    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "xcb"])
    app.setApplicationName(f"deskbreak-bench-{kind}")
    window: QWidget

    if kind == "baseline":

        class Gradient(QWidget):
            """The floor: a bare widget that fills a moving gradient on every 60 fps tick."""

            def __init__(self) -> None:
                super().__init__()
                self.phase = 0.0
                self.timer = QTimer(self)
                self.timer.setTimerType(Qt.TimerType.PreciseTimer)
                self.timer.setInterval(FRAME_MS)
                self.timer.timeout.connect(self.tick)
                self.timer.start()

            def tick(self) -> None:
                recorder.tick()
                self.phase = (self.phase + 0.01) % 1.0
                self.update()

            def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
                recorder.timed_paint("window", self.paint_gradient, event)

            def paint_gradient(self, event: QPaintEvent) -> None:
                painter = QPainter(self)
                gradient = QLinearGradient(0.0, 0.0, float(self.width()), float(self.height()))
                gradient.setColorAt(0.0, QColor.fromHsvF(self.phase, 0.5, 0.9))
                gradient.setColorAt(1.0, QColor.fromHsvF((self.phase + 0.5) % 1.0, 0.5, 0.6))
                painter.fillRect(self.rect(), gradient)
                painter.end()

            def event(self, event: QEvent) -> bool:
                if event.type() == QEvent.Type.UpdateRequest:
                    return recorder.timed_repaint(super().event, event)
                return super().event(event)

        window = Gradient()
        window.setWindowTitle("deskbreak bench: baseline")
    else:
        # Only here: the baseline process loads nothing of deskbreak.
        from deskbreak.app.library import load_library  # noqa: PLC0415
        from deskbreak.assets import read_asset_text  # noqa: PLC0415
        from deskbreak.domain.figure import load_animations  # noqa: PLC0415
        from deskbreak.ui.figure import FigureView  # noqa: PLC0415
        from deskbreak.ui.player import ANIMATIONS, PlayerWindow  # noqa: PLC0415

        class TimedFigure(FigureView):
            def update(self) -> None:  # FigureView asks from Python when its pose changes
                recorder.figure_update()
                super().update()

            def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
                recorder.timed_paint("figure", super().paintEvent, event)

        class TimedPlayer(PlayerWindow):
            def refresh(self) -> None:  # the frame timer's slot
                recorder.tick()
                super().refresh()

            def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
                recorder.timed_paint("window", super().paintEvent, event)

            def event(self, event: QEvent) -> bool:
                if event.type() == QEvent.Type.UpdateRequest:
                    return recorder.timed_repaint(super().event, event)
                return super().event(event)

        routine = load_library(None).routine(ROUTINE)
        # The figure PlayerWindow would build itself, only with its paintEvent timed.
        figure = TimedFigure(load_animations(read_asset_text(ANIMATIONS), ANIMATIONS))
        window = TimedPlayer(routine, figure, muted=True)
        for _ in range(step):
            window.next_step()

    spy = PaintSpy()
    for widget in [window, *window.findChildren(QWidget)]:
        widget.installEventFilter(spy)

    window.resize(QSize(*size))
    window.show()

    started: dict[str, float] = {}

    def begin() -> None:
        recorder.recording = True
        started["wall"] = time.perf_counter()
        started["cpu"] = cpu_seconds()
        if xserver_pid is not None:
            server = process_cpu_seconds(xserver_pid)
            if server is not None:
                started["server"] = server

    def end() -> None:
        recorder.recording = False
        started["wall_end"] = time.perf_counter()
        started["cpu_end"] = cpu_seconds()
        if "server" in started and xserver_pid is not None:
            server = process_cpu_seconds(xserver_pid)
            if server is not None:
                started["server_end"] = server
        app.quit()

    QTimer.singleShot(int(WARM_UP_S * 1000), begin)
    QTimer.singleShot(int((WARM_UP_S + seconds) * 1000), end)
    app.exec()

    if "wall_end" not in started:
        raise SystemExit(f"{kind}: the event loop ended before the measurement did")
    wall = started["wall_end"] - started["wall"]
    cpu = started["cpu_end"] - started["cpu"]
    result: dict[str, Any] = {
        "kind": kind,
        "seconds": round(wall, 3),
        "size": list(size),
        "window": [window.width(), window.height()],
        "frames": len(recorder.frames),
        "ticks": recorder.ticks,
        "fps": round(len(recorder.frames) / wall, 2),
        "ticks_per_s": round(recorder.ticks / wall, 2),
        "paint_ms": summary_ms(recorder.paints),
        "frame_ms": summary_ms(recorder.frames),
        "idle_repaints": recorder.idle_repaints,
        **(
            {"figure_frames": {"asked": recorder.figure_asked, "late": recorder.figure_late}}
            if kind == "player"
            else {}
        ),
        "paints_per_s": {
            name: round(count / wall, 2) for name, count in sorted(recorder.paint_counts.items())
        },
        "cpu_percent": round(100.0 * cpu / wall, 2),
        **memory_mib(),
    }
    if "server_end" in started:
        result["xserver_cpu_percent"] = round(
            100.0 * (started["server_end"] - started["server"]) / wall, 2
        )
    window.close()
    print(json.dumps(result), flush=True)


# -- the driving process ---------------------------------------------------------------------


def run_child(
    kind: str,
    *,
    seconds: float,
    size: str,
    step: int,
    display: str,
    xserver_pid: int | None,
    runtime_dir: Path,
) -> dict[str, Any]:
    env = host_free_environment()
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        XDG_RUNTIME_DIR=str(runtime_dir),
        # Software rendering throughout: no GL context is wanted or made.
        LIBGL_ALWAYS_SOFTWARE="1",
    )
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    command += ["--seconds", repr(seconds), "--size", size, "--step", str(step)]
    if xserver_pid is not None:
        command += ["--xserver-pid", str(xserver_pid)]
    completed = subprocess.run(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=seconds + WARM_UP_S + 120,
        check=False,
    )
    return child_report(completed, f"the {kind} run")


def ratios(player: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {
        "fps": ratio(player["fps"], baseline["fps"]),
        "cpu_percent": ratio(player["cpu_percent"], baseline["cpu_percent"]),
        "rss_mib": ratio(player["rss_mib"], baseline["rss_mib"]),
    }
    for key in ("p50", "p90", "p99", "max"):
        out[f"paint_{key}"] = ratio(player["paint_ms"][key], baseline["paint_ms"][key])
        out[f"frame_{key}"] = ratio(player["frame_ms"][key], baseline["frame_ms"][key])
    if "xserver_cpu_percent" in player and "xserver_cpu_percent" in baseline:
        out["xserver_cpu_percent"] = ratio(
            player["xserver_cpu_percent"], baseline["xserver_cpu_percent"]
        )
    return out


def table(report: dict[str, Any]) -> str:
    base, player, times = report["baseline"], report["player"], report["ratios"]
    rows: list[tuple[str, str, str, str]] = [
        ("frames", str(base["frames"]), str(player["frames"]), ""),
        ("timer ticks/s", f"{base['ticks_per_s']:.1f}", f"{player['ticks_per_s']:.1f}", ""),
        (
            "figure paints/s",
            "",
            f"{player['paints_per_s'].get('figure', 0.0):.1f}",
            "",
        ),
        ("fps", f"{base['fps']:.1f}", f"{player['fps']:.1f}", _times(times["fps"])),
    ]
    figure_frames = player.get("figure_frames")
    if figure_frames:
        rows.append(
            (
                "figure frames: moved / late",
                "",
                f"{figure_frames['asked']} / {figure_frames['late']}",
                "",
            )
        )
    for name, key in (("paint", "paint_ms"), ("frame", "frame_ms")):
        for stat in ("p50", "p90", "p99", "max"):
            rows.append(
                (
                    f"{name} {stat} (ms)",
                    f"{base[key][stat]:.2f}",
                    f"{player[key][stat]:.2f}",
                    _times(times[f"{name}_{stat}"]),
                )
            )
    rows.append(
        (
            "CPU (% of a core)",
            f"{base['cpu_percent']:.1f}",
            f"{player['cpu_percent']:.1f}",
            _times(times["cpu_percent"]),
        )
    )
    if "xserver_cpu_percent" in times:
        rows.append(
            (
                "Xvfb CPU (% of a core)",
                f"{base['xserver_cpu_percent']:.1f}",
                f"{player['xserver_cpu_percent']:.1f}",
                _times(times["xserver_cpu_percent"]),
            )
        )
    rows.append(
        (
            "RSS (MiB)",
            f"{base['rss_mib']:.1f}",
            f"{player['rss_mib']:.1f}",
            _times(times["rss_mib"]),
        )
    )
    rows.append(
        ("peak RSS (MiB)", f"{base['peak_rss_mib']:.1f}", f"{player['peak_rss_mib']:.1f}", "")
    )
    header = ("", "baseline", "player", "player/baseline")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = [
        f"routine player ({ROUTINE} from step {report['step']}), {report['seconds']:g} s "
        f"at {report['size']}, "
        f"{report['screen']}; Python {report['python']}, PySide6 {report['pyside6']}",
        "",
    ]
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    lines += [
        "",
        "paint: the window's and the figure's paintEvent per frame; frame: the whole repaint",
        "(every widget, then the flush to the X server). Budget (DESIGN.md): 60 fps,",
        "paint p99 under 4 ms, under 20 % of one core.",
    ]
    return "\n".join(lines)


def _times(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}×"


def parse_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 960x600, got {text!r}")
    return int(width), int(height)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds (20)")
    parser.add_argument("--size", default="960x600", help="window size WxH (960x600)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--step", type=int, default=0, help="start at this step of the routine (0: the first)"
    )
    parser.add_argument(
        "--display", help="use this X display (e.g. :99) instead of starting an Xvfb"
    )
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--xserver-pid", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    size = parse_size(args.size)
    if args.seconds <= 0:
        parser.error("--seconds must be positive")
    if args.step < 0:
        parser.error("--step must be 0 or more")

    if args.child:
        measure(args.child, args.seconds, size, args.step, args.xserver_pid)
        return 0

    with tempfile.TemporaryDirectory(prefix="deskbreak-bench-") as folder:
        work = Path(folder)
        runtime = work / "runtime"
        runtime.mkdir(mode=0o700)
        xvfb: subprocess.Popen[bytes] | None = None
        try:
            if args.display:
                display, screen = args.display, f"display {args.display}"
            else:
                xvfb, display = start_xvfb(work / "xvfb.log")
                screen = f"own Xvfb {SCREEN}"
            results = {
                kind: run_child(
                    kind,
                    seconds=args.seconds,
                    size=f"{size[0]}x{size[1]}",
                    step=args.step,
                    display=display,
                    xserver_pid=None if xvfb is None else xvfb.pid,
                    runtime_dir=runtime,
                )
                for kind in KINDS
            }
        finally:
            if xvfb is not None:
                stop(xvfb)

    report: dict[str, Any] = {
        "benchmark": "player",
        "routine": ROUTINE,
        "seconds": args.seconds,
        "size": f"{size[0]}x{size[1]}",
        "step": args.step,
        "screen": screen,
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "cpus": os.cpu_count(),
        "baseline": results["baseline"],
        "player": results["player"],
        "ratios": ratios(results["player"], results["baseline"]),
    }
    print(json.dumps(report, indent=2) if args.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
