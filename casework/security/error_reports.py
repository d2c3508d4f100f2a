"""Error reports (the mail_admins e-mail, Sentry-style reporters) without clinical data.

Django's default filter hides only settings and variables marked `@sensitive_variables`; a
traceback's local variables would still show a client's name, date of birth or note text, and
POST data would show what was typed into a form. Here every frame's variables and every POST
value are replaced, so a report carries the path, the exception and the code lines only."""

from __future__ import annotations

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class ClinicalSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_traceback_frame_variables(self, request, tb_frame):  # noqa: ANN001, ANN201
        return [("(variables)", self.cleansed_substitute)]

    def get_post_parameters(self, request):  # noqa: ANN001, ANN201
        if request is None:
            return {}
        return {name: self.cleansed_substitute for name in request.POST}

    def get_safe_request_meta(self, request):  # noqa: ANN001, ANN201
        # Query strings can hold a searched-for name; headers and cookies are no help here.
        return {"PATH_INFO": request.META.get("PATH_INFO", "")}


class ClinicalSafeExceptionReporter(ExceptionReporter):
    """Drop what the filter cannot reach: the query string (in GET and the full URI), cookies
    and uploaded file names."""

    def get_traceback_data(self) -> dict:
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = []
            data["request_COOKIES_items"] = []
            data["request_insecure_uri"] = self.request.path
            data["request_FILES_items"] = [
                (name, self.filter.cleansed_substitute) for name in self.request.FILES
            ]
        return data
