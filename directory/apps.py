from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Service directory"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from casework import demo
        from directory import reminders
        from directory.demo import seed_directory

        # Before the reminder sweep (order 90); the care team's demo providers are linked to
        # it afterwards (clients, 32) and the demo referrals sent to it (referrals, 35).
        demo.register(seed_directory, order=30)
        reminders.register()
