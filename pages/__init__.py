"""The pages that gather every app, composed at the top (issue #25).

The home dashboard and the navigation bar show what each feature app offers. They used to be
assembled by registries in `casework` that each app filled from its `ready()`, in an order
set by magic integers, because a lower app may not import a higher one. This package sits
above every feature app (pyproject.toml's import-linter layers), so it imports their panels
and rules directly and lists them in the order the page shows them: one place to read.

Registries remain only for true extension points (instruments, reminder rules, the demo
seeds, the record page's seams).
"""
