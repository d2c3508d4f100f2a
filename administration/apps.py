from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    """The agency admin's pages: programs, service areas and teams; staff onboarding
    (invitations, roles, deactivation, unlocking); the caseload import; and the first start
    (`setup_agency`). It sits above `clients`, whose records the import creates."""

    name = "administration"
    verbose_name = "Agency administration"

