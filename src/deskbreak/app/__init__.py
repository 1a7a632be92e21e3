"""The running tray app: the composition root that builds and wires everything."""
