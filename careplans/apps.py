from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "careplans"
    verbose_name = "Assessments and care plans"

    def ready(self) -> None:
        # Explicit registration, not signals: clients and casework show what this app offers
        # without importing it.
        from careplans import demo as careplans_demo
        from careplans import demo_plans, header, provider_sections, reminders
        from careplans.selectors import plans as plan_selectors
        from careplans.services import plans as plan_services
        from careplans.views import assessments as assessment_views
        from careplans.views import plans as plan_views
        from casework import demo
        from clients import header_badges, offline_parts, record_panels, visit_goals, visit_panels
        from clients.views.parts import in_page

        # Both a fixed handful of queries: rendered in the record page's first response.
        record_panels.register(
            title="Assessments and scores",
            order=30,
            **in_page("careplans:client_panel", assessment_views.client_panel),
        )
        record_panels.register(
            title="Care plan",
            order=31,
            lead=True,
            **in_page("careplans:plan_panel", plan_views.plan_panel),
        )
        visit_panels.register(url_name="careplans:visit_goals", order=10)
        offline_parts.register(key="crisis_plan", parts=plan_selectors.offline_crisis_plans)
        visit_goals.register(
            choices=plan_selectors.visit_goal_choices,
            marked=plan_selectors.visit_goals_marked,
            record=plan_services.visit_goals_record,
        )
        header_badges.register(
            template="careplans/_header_flags.html", context=header.flags_context, order=10
        )
        demo.register(careplans_demo.seed_assessments, order=30)
        # After the assessments: plans answer the needs they rated.
        demo.register(demo_plans.seed_care_plans, order=31)
        reminders.register()
        # The plan in force and its crisis plan, for "Send to provider" on the care team.
        provider_sections.register_sections()
