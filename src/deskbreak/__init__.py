"""deskbreak: measures continuous sitting and wakes up your glutes before the evening run."""

__version__ = "0.1.0"
APP_ID = "io.github.deskbreak.DeskBreak"
APP_NAME = "deskbreak"
