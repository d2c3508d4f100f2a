"""Reads of the directory, always scoped to the viewer's agency."""
