"""One page of a filtered list, with the filters kept for the pager's links."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict


def page_with_filters(request: HttpRequest, rows, size: int) -> tuple[Page, QueryDict]:
    """The page of `rows` that `?page=` asks for (Paginator.get_page: a bad number is the
    first page, one past the end the last), and the request's other parameters: the pager's
    links add their own `page` to them, so a filtered list stays filtered page after page."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return page, filters
