"""The audit trail in words for the people who read it ("Viewed the record of Dana Dubois",
"Signed a note for …"). An event keeps its dotted code (`clients.client.view`) for filters
and exports; the report shows these words beside it.

A code is `<what>.<did>`: `what` names the object (usually `app.model`) and `did` the
action. Most pairs compose from the two tables below; a code whose words do not compose
("Viewed the accounting of disclosures") is written out whole in `WHOLE`.
A test reads every action code the code base writes and asks this module for its words.
"""

from __future__ import annotations

# What was acted on, and the word that ties it to the client ("the record *of* Ada").
OBJECTS: dict[str, tuple[str, str]] = {
    "administration.caseload_import": ("a caseload import", ""),
    "careplans.administration": ("a scored questionnaire", "for"),
    "careplans.assessment": ("an assessment", "of"),
    "careplans.plan": ("a care plan", "for"),
    "careplans.careplan": ("a care plan", "for"),
    "careplans.safetyflag": ("a safety flag", "for"),
    "careplans.crisisplan": ("a crisis plan", "for"),
    "casework.agency": ("the agency", ""),
    "casework.emergency": ("emergency access", "to"),
    "casework.membership": ("a team membership", ""),
    "casework.program": ("a program", ""),
    "casework.servicearea": ("a service area", ""),
    "casework.team": ("a team", ""),
    "casework.reminder": ("a reminder", "about"),
    "casework.staff_profile": ("a staff profile", ""),
    "casework.user": ("a staff account", ""),
    "clients.appointment": ("an appointment", "of"),
    "clients.calendar_feed": ("a calendar feed", ""),
    "clients.client": ("the record", "of"),
    "clients.client.timeline": ("the timeline", "of"),
    "clients.careprovider": ("a member of the care team", "of"),
    "clients.care_provider": ("a member of the care team", "of"),
    "clients.consent": ("a release of information", "of"),
    "clients.consentrelease": ("a release of information", "of"),
    "clients.disclosure": ("a disclosure", "from the record of"),
    "clients.document": ("a document", "of"),
    "clients.enrolment": ("a program enrolment", "of"),
    "clients.keyevent": ("a key event", "of"),
    "clients.relatedperson": ("a related person", "of"),
    "clients.related_person": ("a related person", "of"),
    "clients.event": ("a key event", "of"),
    "directory.location": ("a place in the directory", ""),
    "directory.organization": ("an organisation in the directory", ""),
    "directory.service": ("a service in the directory", ""),
    "directory.package": ("the directory", ""),
    "exports.copy": ("a copy of the record", "of"),
    "exports.fhir": ("the record in FHIR", "of"),
    "reports.report": ("a report", ""),
    "clients.visit": ("a note", "for"),
    "exports.agency": ("the agency's export", ""),
    "referrals.referral": ("a referral", "for"),
    "supervision.list": ("a team list", ""),
    "supervision.note": ("a note", "for"),
}

# What was done; `{object}` is the object's words.
VERBS: dict[str, str] = {
    "view": "Viewed {object}",
    "viewed": "Viewed {object}",
    "created": "Created {object}",
    "added": "Added {object}",
    "updated": "Changed {object}",
    "changed": "Changed {object}",
    "removed": "Removed {object}",
    "saved": "Saved {object}",
    "draft_saved": "Saved a draft of {object}",
    "signed": "Signed {object}",
    "cosigned": "Co-signed {object}",
    "retracted": "Marked {object} entered in error",
    "voided": "Voided {object}",
    "uploaded": "Uploaded {object}",
    "submitted": "Sent {object} for approval",
    "approved": "Approved {object}",
    "returned": "Returned {object} to its author",
    "return_resolved": "Answered a return of {object}",
    "reviewed": "Reviewed {object}",
    "raised": "Raised {object}",
    "acknowledged": "Acknowledged {object}",
    "granted": "Was granted {object}",
    "recorded": "Recorded {object}",
    "recorded_on_basis": "Recorded {object} without consent, on a legal basis",
    "refused": "Was refused {object}",
    "discharged": "Discharged {object}",
    "reopened": "Reopened {object}",
    "transferred": "Transferred {object} to another team",
    "status_changed": "Changed the status in {object}",
    "done": "Marked {object} done",
    "snoozed": "Snoozed {object}",
    "revoked": "Revoked {object}",
    "checked": "Checked {object}",
    "discarded": "Discarded {object}",
    "imported": "Imported {object}",
    "queued": "Started {object}",
    "requested": "Asked for {object}",
    "built": "Built {object}",
    "downloaded": "Downloaded {object}",
    "addendum_added": "Added an addendum to {object}",
    "goal_saved": "Saved a goal of {object}",
    "goal_removed": "Removed a goal from {object}",
    "participant_added": "Added a participant to {object}",
    "participant_removed": "Removed a participant from {object}",
    "scheduled": "Scheduled {object}",
    "rebooked": "Rebooked {object}",
    "followed_up": "Followed up {object}",
    "ended": "Ended {object}",
    "deactivated": "Marked {object} inactive",
    "reactivated": "Marked {object} active again",
    "verified": "Verified {object}",
    "exported": "Exported {object}",
    "produced": "Produced {object}",
    "sent": "Sent {object}",
}

# Codes whose words do not compose from the two tables.
WHOLE: dict[str, tuple[str, str]] = {
    "casework.access.denied": ("Was refused a page", ""),
    "casework.agency.created": ("Set up the agency", ""),
    "casework.agency.details_changed": ("Changed the agency's details or date policies", ""),
    "casework.agency_staff.admin_given": ("Made a staff member an agency administrator", ""),
    "casework.agency_staff.admin_taken": ("Took away a staff member's agency administration", ""),
    "casework.audit.exported": ("Exported the audit report", ""),
    "casework.client_access_log.view": ("Viewed who opened the record", "of"),
    "casework.two_factor.failed": ("Failed the second step of signing in", ""),
    "clients.appointment.outcome": ("Recorded the outcome of an appointment", "of"),
    "clients.assignment.primary_reassigned": ("Changed the primary case manager", "of"),
    "clients.assignment.secondary_added": ("Added a secondary case manager", "for"),
    "clients.assignment.secondary_ended": ("Ended a secondary case manager's assignment", "for"),
    "clients.client.updated_by_import": ("Updated the record from a caseload import", "of"),
    "clients.consent.directory_linked": ("Linked a release's recipient to the directory", "of"),
    "clients.consent.ended_by_event": ("Ended a release because of a key event", "of"),
    "clients.consent.form_attached": ("Attached a signed release form", "of"),
    "clients.care_provider.ended": ("Ended a care team member's involvement", "with"),
    "clients.event.discharged": ("Recorded the discharge date of a stay", "of"),
    "clients.related_person.deactivated": ("Marked a related person inactive", "for"),
    "clients.related_person.reactivated": ("Marked a related person active again", "for"),
    "exports.fhir.exported": ("Exported the record in FHIR", "of"),
    "directory.organization.contacts_changed": ("Changed an organisation's contacts", ""),
    "directory.service.capacity_changed": ("Changed a service's openings", ""),
    "directory.service.details_changed": ("Changed a service's details", ""),
    "directory.service.status_changed": ("Changed a service's status", ""),
    "referrals.directory.exported": ("Exported the directory", ""),
    "referrals.referral.packet_printed": ("Printed a referral packet", "for"),
    "casework.emergency.granted": ("Used emergency access to the record", "of"),
    "casework.two_factor.enrolled": ("Set up two-step sign-in", ""),
    "casework.two_factor.verified": ("Signed in with the second step", ""),
    "casework.user.digest_preference": ("Changed their e-mail digest", ""),
    "casework.user.invitation_accepted": ("Accepted an invitation", ""),
    "casework.user.invitation_resent": ("Sent an invitation again", ""),
    "casework.user.invited": ("Invited a staff member", ""),
    "casework.user.privileges_changed": ("Changed a staff member's privileges", ""),
    "casework.user.unlocked": ("Unlocked a staff account", ""),
    "casework.signin.failed": ("Failed to sign in", ""),
    "casework.signin.locked_out": ("Was locked out of signing in", ""),
    "casework.signin.refused_locked": ("Was refused signing in while locked out", ""),
    "careplans.visit_goals.set": ("Ticked the goals a note addressed", "for"),
    "clients.appointment.completed_by_visit": ("Completed an appointment by a note", "for"),
    "clients.appointment.handed_over": ("Handed an appointment to the primary case manager", "of"),
    "clients.client.duplicates_shown": ("Was shown possible duplicates", "of"),
    "clients.consent.form_viewed": ("Viewed a signed release form", "of"),
    "clients.disclosure.accounting_viewed": ("Viewed the accounting of disclosures", "of"),
    "clients.offline.taken": ("Took today's clients offline", ""),
    "clients.visit.handed_off": ("Sent a note logged offline to the new case manager", "of"),
    "clients.visit.sync_conflict": ("Was told a note logged offline needs a decision", "for"),
    "clients.visit.sync_discarded": ("Discarded a note logged offline", "for"),
    "clients.visit_handoff.read": ("Marked a note handed on as read", "for"),
    "clients.visit_handoff.view": ("Viewed a note handed on", "for"),
    "clients.team_week.view": ("Viewed the team's week", ""),
    "clients.week.view": ("Viewed their week", ""),
    "referrals.referral.send_refused": ("Was refused sending a referral", "for"),
    "supervision.list.view": ("Viewed a list of the team's clients", ""),
}


def _parts(code: str) -> tuple[str, str] | None:
    """(words, tie to the client) for a code, or None when it has no words yet."""
    if code in WHOLE:
        return WHOLE[code]
    what, _, did = code.rpartition(".")
    if what not in OBJECTS or did not in VERBS:
        return None
    noun, tie = OBJECTS[what]
    return VERBS[did].format(object=noun), tie


def has_words(code: str) -> bool:
    return _parts(code) is not None


def audit_words(code: str, client: str = "") -> str:
    """The event in a sentence; the client's name joins it where the action concerns one.
    A code without words yet reads as itself, so nothing is ever hidden."""
    parts = _parts(code)
    if parts is None:
        return code
    words, tie = parts
    if client and tie:
        return f"{words} {tie} {client}"
    return words
