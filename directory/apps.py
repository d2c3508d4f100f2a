from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Service directory"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from directory import reminders

        reminders.register()
