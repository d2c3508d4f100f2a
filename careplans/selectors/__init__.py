"""Reads of the care-plans app, one module per part: assessments (instruments and safety
flags), plans. Each takes `viewer=` or a client already found through `clients.selectors`."""
