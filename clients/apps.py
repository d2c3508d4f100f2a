from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from clients import (
            appointment_reminders,
            consent_reminders,
            header_badges,
            record_panels,
            reminders,
        )
        from clients.selectors.matching import transfer_flag

        # The navigation's entries and the dashboard's panels are composed in pages.
        header_badges.register(
            template="clients/_transfer_flag.html", context=transfer_flag, order=80
        )
        self._record_panels(record_panels)
        reminders.register()
        # Issue 26: a visit logged offline for a client who moved teams meanwhile.
        from casework import reminders as engine
        from clients.services import handoffs

        engine.register_notice(kind=handoffs.NOTICE_KIND, label=handoffs.NOTICE_LABEL)
        consent_reminders.register()
        appointment_reminders.register()

    @staticmethod
    def _record_panels(record_panels) -> None:
        """The record's own panels: each costs a fixed handful of queries, so the page renders
        them in its first response (template and context), except who opened the record."""
        from clients.views import careteam, consent, documents, events, lifecycle, people

        record_panels.register(
            title="Status, program and staff",
            url_name="clients:status_panel",
            order=10,
            template=lifecycle.STATUS_PANEL,
            context=lifecycle.status_panel_context,
        )
        record_panels.register(
            title="People",
            url_name="clients:people_panel",
            order=40,
            template=people.PEOPLE_PANEL,
            context=people.people_panel_context,
        )
        record_panels.register(
            title="Consent to share",
            url_name="clients:consent_panel",
            order=45,
            template=consent.CONSENT_PANEL,
            context=consent.consent_panel_context,
        )
        record_panels.register(
            title="Care team and appointments",
            url_name="clients:care_team_panel",
            order=35,
            lead=True,
            template=careteam.CARE_TEAM_PANEL,
            context=careteam.care_team_panel_context,
        )
        record_panels.register(
            title="Key events",
            url_name="clients:events_panel",
            order=50,
            template=events.EVENTS_PANEL,
            context=events.events_panel_context,
        )
        record_panels.register(
            title="Documents",
            url_name="clients:documents_panel",
            order=60,
            template=documents.DOCUMENTS_PANEL,
            context=documents.documents_panel_context,
        )
        # casework's audit view of this record ("who opened it", for supervisors and
        # compliance reviewers): registered here, as casework sits below clients. It sums the
        # audit trail's opens of the last 30 days, which grow with the record's readers: it
        # loads after the page.
        record_panels.register(
            title="Who opened this record", url_name="security:client_audit_panel", order=95
        )
