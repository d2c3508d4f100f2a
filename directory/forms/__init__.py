"""Forms of the directory: entries, service details, contacts, search, import and export."""
