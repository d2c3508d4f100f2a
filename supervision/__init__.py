"""Supervision: a team's dashboard for its supervisors (issue #9, "Team dashboard").

- `metrics`: every figure per case manager, defined once as the queryset behind it, so a
  number and its list always agree; the weighted load uses `casework.staffing.acuity`'s
  weights.
- `dashboard`: the page assembled in a fixed number of queries; `selectors/`: trends (charts
  drawn by `casework.charts`) and review queues; `services/`: co-sign or return a note,
  reassign clients (all or nothing, both case managers notified).
- `scope`: who may open a team's pages (supervisors; agency admins see figures only).

Extension point for other apps (e.g. staff capacity and trainings, issue #13): register a
dashboard section keyed to the team, and hints that rank people in the reassign form, with
`supervision.sections.register` and `register_staff_hints` (see that module's docstring).
"""
