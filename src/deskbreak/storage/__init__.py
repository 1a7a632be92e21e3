"""Files on disk: where they live (paths), the settings file (TOML) and the history (SQLite).

No Qt here. Import the submodule you need; each pulls in only its own dependencies.
"""
