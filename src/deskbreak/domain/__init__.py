"""The pure core: sitting tracker, settings schema, activity traces. No Qt, no I/O, no clock."""
