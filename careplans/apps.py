from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "careplans"
    verbose_name = "Assessments and care plans"

    def ready(self) -> None:
        # Explicit registration, not signals: clients and casework show what this app offers
        # without importing it.
        from careplans import demo as careplans_demo
        from careplans import demo_plans, provider_sections, reminders
        from careplans.selectors import plans as plan_selectors
        from careplans.services import plans as plan_services
        from casework import demo
        from clients import offline_parts, visit_goals

        # The record page's panels and header badge, and a note's goals panel: pages.
        offline_parts.register(key="crisis_plan", parts=plan_selectors.offline_crisis_plans)
        visit_goals.register(
            choices=plan_selectors.visit_goal_choices,
            marked=plan_selectors.visit_goals_marked,
            record=plan_services.visit_goals_record,
        )
        demo.register(careplans_demo.seed_assessments, order=30)
        # After the assessments: plans answer the needs they rated.
        demo.register(demo_plans.seed_care_plans, order=31)
        reminders.register()
        # The plan in force and its crisis plan, for "Send to provider" on the care team.
        provider_sections.register_sections()
