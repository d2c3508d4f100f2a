from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Exports: FHIR, the client's copy, the agency's export"

    def ready(self) -> None:
        # The record page offers the exports through its panel seam (clients imports nothing
        # from here).
        from clients import record_panels
        from clients.views.parts import in_page
        from exports import views

        record_panels.register(
            title="Copies and exports",
            order=90,
            **in_page("exports:client_panel", views.client_panel),
        )
