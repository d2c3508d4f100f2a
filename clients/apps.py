from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from casework import demo
        from clients import appointment_reminders, consent_reminders, reminders
        from clients import demo as clients_demo
        from clients.demo import appointments as appointments_demo
        from clients.demo import consent as consent_demo
        from clients.demo import matching as matching_demo
        from clients.selectors import provider_packet

        # The navigation, the dashboard, the record page (its panels and header badges) and
        # a note's panels are composed in pages.
        demo.register(clients_demo.seed_clients, order=10)
        demo.register(consent_demo.seed_consents, order=20)
        demo.register(appointments_demo.seed_appointments, order=30)
        demo.register(matching_demo.seed_moved_clients, order=35)
        # After the directory (referrals, 30): links providers the directory lists.
        demo.register(appointments_demo.link_demo_providers, order=32)
        reminders.register()
        # Issue 26: a visit logged offline for a client who moved teams meanwhile.
        from casework import reminders as engine
        from clients.services import handoffs

        engine.register_notice(kind=handoffs.NOTICE_KIND, label=handoffs.NOTICE_LABEL)
        consent_reminders.register()
        appointment_reminders.register()
        # What "Send to provider" offers from the client's own record.
        provider_packet.register_sections()
