from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from clients import appointment_reminders, consent_reminders, reminders

        # The navigation, the dashboard, the record page (its panels and header badges), a
        # note's panels, "Send to provider" and the demo are composed in pages.
        reminders.register()
        # Issue 26: a visit logged offline for a client who moved teams meanwhile.
        from casework import reminders as engine
        from clients.services import handoffs

        engine.register_notice(kind=handoffs.NOTICE_KIND, label=handoffs.NOTICE_LABEL)
        consent_reminders.register()
        appointment_reminders.register()
