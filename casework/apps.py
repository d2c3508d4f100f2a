from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework: staff and teams"

    def ready(self) -> None:
        from casework import demo
        from casework.staffing import demo as staffing_demo

        # The dashboard and the navigation are composed above every app (pages).
        demo.register(demo.seed_reminders, order=90)
        demo.register(staffing_demo.seed_staff_profiles, order=5)
