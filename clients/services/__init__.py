"""Writes and rules for client records, one module per part of the record. Each service runs
in one transaction, locks what it changes, audits, and raises a typed error a view shows."""
