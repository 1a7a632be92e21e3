"""Qt widgets: the tray ring and menu; later the break popup, routine player and stats.

Widgets only show domain state and turn clicks into signals; no business rule lives here.
"""
