"""Writes to the directory: one transaction per change, audited, version-checked."""
