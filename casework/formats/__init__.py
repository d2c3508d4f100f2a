"""The agency's date and time formats, one module per locale (`FORMAT_MODULE_PATH`).

Templates name a format (`|date:"DATE_FORMAT"`) and never spell one out, so every page shows
a date the same way; an agency in another locale adds `casework/formats/<locale>/formats.py`.
"""
