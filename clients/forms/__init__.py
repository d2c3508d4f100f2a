"""Forms for the client record, one module per part of the record."""
