"""Assessments, instruments and care plans arrive with their issues."""
