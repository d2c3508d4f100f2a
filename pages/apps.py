from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The home dashboard and the navigation, composed from the feature apps (no models)."""

    name = "pages"
    verbose_name = "Pages composed from every app"
