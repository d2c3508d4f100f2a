"""A tiny HTTP client that signs in as a person would: the sign-in form, then the second
factor (a TOTP code from the authenticator device the seed gave every bench user).

Requests carry X-Forwarded-Proto: https and an Origin, as they would arriving through the
TLS proxy; so the production settings (HTTPS redirect, secure cookies, CSRF origin check)
stay on. Secure cookies are kept by hand: a standard cookie jar would not send them over
plain HTTP to the proxy-less gunicorn.
"""

from __future__ import annotations

import html
import http.client
import json
import re
import time
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django_otp.oath import totp

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# What htmx loads once a page is in: a placeholder's URL, and the headers its container adds.
_LOADS = re.compile(r'hx-get="([^"]+)" hx-trigger="load"')
_HX_HEADERS = re.compile(r"hx-headers='([^']+)'")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Browser:
    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0

    @property
    def origin(self) -> str:
        return f"https://{self.host}:{self.port}"

    def headers(self) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Origin": self.origin,
            "Referer": self.origin + "/",
            **({"Cookie": cookie} if cookie else {}),
        }

    def request(self, method: str, path: str, data: dict | list | None = None) -> Response:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            headers = self.headers()
            body = None
            if data is not None:
                body = urlencode(data, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", "replace")
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)
        finally:
            conn.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict | list) -> Response:
        return self.request("POST", path, data)

    def form_token(self, path: str) -> str:
        page = self.get(path)
        match = _TOKEN.search(page.body)
        if page.status != 200 or not match:
            raise RuntimeError(f"GET {path}: {page.status}, no form")
        return match.group(1)

    def sign_in(self, email: str, password: str, totp_key_hex: str) -> None:
        token = self.form_token("/accounts/login/")
        done = self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": email, "password": password},
        )
        if done.status != 302:
            raise RuntimeError(f"sign-in of {email} refused ({done.status})")
        token = self.form_token("/accounts/two-factor/verify/")
        for _ in range(2):  # a code works once per 30-second step and device
            code = str(totp(bytes.fromhex(totp_key_hex))).zfill(6)
            done = self.post(
                "/accounts/two-factor/verify/", {"csrfmiddlewaretoken": token, "code": code}
            )
            if done.status == 302:
                return
            time.sleep(30.5 - time.time() % 30)  # the next step's code
        raise RuntimeError(f"second factor of {email} refused ({done.status})")

    def page_and_loads(self, path: str) -> list[tuple[str, dict[str, str]]]:
        """(path, extra headers) of a page and of each request htmx makes once it is in
        (`hx-trigger="load"`), as a browser would send them: with HX-Request and the headers
        of the page's `hx-headers` (the record's pass: its panels are part of its open)."""
        page = self.get(path)
        if page.status != 200:
            raise RuntimeError(f"GET {path}: {page.status}")
        extra = {"HX-Request": "true"}
        for found in _HX_HEADERS.findall(page.body):
            extra.update(json.loads(html.unescape(found)))
        loads = [(html.unescape(url), extra) for url in _LOADS.findall(page.body)]
        return [(path, {}), *loads]

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def visit_form(token: str, **fields: str) -> str:
    """A new visit's form as the browser posts it: a face-to-face contact five minutes ago
    with a short DAP note; `fields` override or add fields."""
    from django.utils import timezone

    now = timezone.localtime() - timedelta(minutes=5)
    return urlencode(
        {
            "csrfmiddlewaretoken": token,
            "contact_at": now.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "mode": "face_to_face",
            "place": "home",
            "note_format": "dap",
            "note_data": "Met at home; talked through the week and the housing application.",
            "note_assessment": "Stable and engaged.",
            "note_plan": "Follow up next week.",
            **fields,
        }
    )
