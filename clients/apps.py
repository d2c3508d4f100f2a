from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from casework import demo
        from clients import (
            appointment_reminders,
            consent_reminders,
            header_badges,
            record_panels,
            reminders,
        )
        from clients import demo as clients_demo
        from clients.demo import appointments as appointments_demo
        from clients.demo import consent as consent_demo
        from clients.demo import matching as matching_demo
        from clients.selectors import provider_packet
        from clients.selectors.matching import transfer_flag

        # The navigation's entries and the dashboard's panels are composed in pages.
        header_badges.register(
            template="clients/_transfer_flag.html", context=transfer_flag, order=80
        )
        demo.register(clients_demo.seed_clients, order=10)
        demo.register(consent_demo.seed_consents, order=20)
        demo.register(appointments_demo.seed_appointments, order=30)
        demo.register(matching_demo.seed_moved_clients, order=35)
        # After the directory (referrals, 30): links providers the directory lists.
        demo.register(appointments_demo.link_demo_providers, order=32)
        self._record_panels(record_panels)
        reminders.register()
        # Issue 26: a visit logged offline for a client who moved teams meanwhile.
        from casework import reminders as engine
        from clients.services import handoffs

        engine.register_notice(kind=handoffs.NOTICE_KIND, label=handoffs.NOTICE_LABEL)
        consent_reminders.register()
        appointment_reminders.register()
        # What "Send to provider" offers from the client's own record.
        provider_packet.register_sections()

    @staticmethod
    def _record_panels(record_panels) -> None:
        """The record's own panels: each costs a fixed handful of queries, so the page renders
        them in its first response (template and context), except who opened the record."""
        from clients.views import careteam, consent, documents, events, lifecycle, people
        from clients.views.parts import in_page

        record_panels.register(
            title="Status, program and staff",
            url_name="clients:status_panel",
            order=10,
            template=lifecycle.STATUS_PANEL,
            context=lifecycle.status_panel_context,
        )
        record_panels.register(
            title="People", order=40, **in_page("clients:people_panel", people.people_panel)
        )
        record_panels.register(
            title="Consent to share",
            order=45,
            **in_page("clients:consent_panel", consent.consent_panel),
        )
        record_panels.register(
            title="Care team and appointments",
            order=35,
            lead=True,
            **in_page("clients:care_team_panel", careteam.care_team_panel),
        )
        record_panels.register(
            title="Key events", order=50, **in_page("clients:events_panel", events.events_panel)
        )
        record_panels.register(
            title="Documents",
            order=60,
            **in_page("clients:documents_panel", documents.documents_panel),
        )
        # casework's audit view of this record ("who opened it", for supervisors and
        # compliance reviewers): registered here, as casework sits below clients. It sums the
        # audit trail's opens of the last 30 days, which grow with the record's readers: it
        # loads after the page.
        record_panels.register(
            title="Who opened this record", url_name="security:client_audit_panel", order=95
        )
