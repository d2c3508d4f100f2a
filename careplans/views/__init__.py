"""Views of assessments and instruments, one module per part."""
