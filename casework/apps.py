from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework: staff and teams"
    # The dashboard, the navigation and the demo are composed above every app (pages).
