from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        # Explicit registration, not signals: casework and clients show what this app offers
        # without importing it.
        from casework import reminders
        from supervision import sections, staffing
        from supervision.services.notices import NOTICE_LABELS

        sections.register(staffing.over_capacity_section, order=20)
        sections.register(staffing.trainings_section, order=21)
        sections.register_staff_hints(staffing.room_hints)
        # A note's co-signature panel is composed in pages.
        for kind, label in NOTICE_LABELS.items():
            reminders.register_notice(kind=kind, label=label)
