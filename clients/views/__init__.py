"""Thin views, one module per part of the record; their routes are in `clients/urls/`."""
