"""The directory's pages: search, entries, administration, import and export."""
