"""The app's routes plus the floor: the cheapest page Django can serve through the same
middleware, against which every real page's throughput is reported as a ratio."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world.", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("", include("casework.urls")),
]
