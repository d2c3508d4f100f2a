"""The import templates as downloads (CSV or XLSX): the header and one example line."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from administration.imports.columns import template_csv, template_xlsx

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_download(kind: str, fmt: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(template_xlsx(kind), content_type=_XLSX)
    else:
        raise Http404("No such template.")
    response["Content-Disposition"] = f'attachment; filename="casework-{kind}-template.{fmt}"'
    return response
