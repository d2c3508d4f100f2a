"""Writes and rules of assessments and instruments, one module per part."""
