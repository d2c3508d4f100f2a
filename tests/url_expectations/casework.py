"""Routes of the project package and Django's auth views."""

EXPECTED: dict[str, tuple] = {
    "dashboard": (None, {"anonymous": 302, "*": 200}, 405),
    # The old teams page leads an admin to the agency pages (administration:home).
    "teams": (None, {"anonymous": 302, "admin_user": 302, "*": 403}, 405),
    "healthz": (None, {"*": 200}, 405),
    "login": (None, {"anonymous": 200, "*": 302}, None),
    "logout": (None, {"*": 405}, None),
    "password_change": (None, {"anonymous": 302, "*": 200}, None),
    "password_change_done": (None, {"anonymous": 302, "*": 200}, None),
    "password_reset": (None, {"*": 200}, None),
    "password_reset_done": (None, {"*": 200}, None),
    "password_reset_complete": (None, {"*": 200}, None),
    "password_reset_confirm": (
        lambda c: {"uidb64": "MQ", "token": "set-password"},
        {"*": 200},
        None,
    ),
    # Django's admin site: only for superusers; everyone in the cast is sent to its login.
    "admin:index": (None, {"*": 302}, None),
}
