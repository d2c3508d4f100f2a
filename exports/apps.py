from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Exports: FHIR, the client's copy, the agency's export"

    def ready(self) -> None:
        # The record page offers the exports through its panel seam (clients imports nothing
        # from here).
        from clients import record_panels
        from exports import views

        record_panels.register(
            title="Copies and exports",
            url_name="exports:client_panel",
            order=90,
            template=views.CLIENT_PANEL,
            context=views.client_panel_context,
        )
