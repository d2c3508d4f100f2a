"""Forms of the care-plans app, one module per part: assessments (and instruments), plans."""
