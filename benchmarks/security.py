"""Benchmark: what the sign-in and header security costs each request.

Run with ``.venv/bin/python benchmarks/security.py`` (``make benchmark`` runs
it). On a throw-away SQLite database with the demo, it prints, as ratios
against the same requests measured in the same run without the security layer:

1. Officer pages (catalog, course, lesson, dashboard): median time and queries
   with the full middleware stack (resource isolation, CSP with nonces,
   Permissions-Policy, django-otp and the second-factor check, django-axes)
   against the stack without those five.
2. A staff page (the portal dashboard for a reviewer who must use a second
   factor, session verified) the same way.
3. A sign-in POST through django-axes against the plain model backend.
4. The bytes the security headers add to a lesson page's response.

The machine is shared: read ratios, not milliseconds.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "benchmark.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django_otp import login as otp_login  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

RENDERS = 15
SECURITY_MIDDLEWARE = {
    "lms.fetch_metadata.ResourceIsolationMiddleware",
    "lms.security_headers.ContentSecurityPolicyMiddleware",
    "lms.security_headers.PermissionsPolicyMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.mfa.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
}
SECURITY_HEADERS = ("Content-Security-Policy", "Permissions-Policy")


def without_security():
    return override_settings(
        MIDDLEWARE=[m for m in settings.MIDDLEWARE if m not in SECURITY_MIDDLEWARE],
        AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"],
    )


def measure(request) -> tuple[float, int]:
    request()  # warm
    times = []
    for _ in range(RENDERS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            request()
            times.append(time.perf_counter() - start)
    return statistics.median(times), len(queries.captured_queries)


def compare(label: str, request) -> None:
    with_layer = measure(request)
    with without_security():
        plain = measure(request)
    (t1, q1), (t0, q0) = with_layer, plain
    print(
        f"  {label:<28}{t0 * 1000:9.1f}ms{t1 * 1000:9.1f}ms{t1 / t0:8.2f}{q0:8d}{q1:8d}"
    )


def ok(response):
    assert response.status_code == 200, response.status_code
    return response


def verified_staff_client(user) -> Client:
    """A reviewer whose session gave its second factor, as after sign-in."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    otp_login(request, device)
    request.session.save()
    return client


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from courses.demo.loader import load_demo
    from courses.enrolment import enrol
    from courses.models import CoursePage, LessonPage
    from tests import factories

    load_demo()
    officer = factories.make_user("officer")
    client = Client()
    client.force_login(officer)
    course = CoursePage.objects.get(
        slug="identifying-and-referring-victims", locale__language_code="en"
    )
    enrol(officer, course)
    lesson = LessonPage.objects.descendant_of(course).live().order_by("path").first()

    print("Request cost with the security layer vs without, same run:")
    print(f"  {'request':<28}{'without':>11}{'with':>11}{'ratio':>8}{'q':>8}{'q':>8}")
    for label, url in (
        ("catalog (officer)", "/"),
        ("course page (officer)", course.url),
        ("lesson page (officer)", lesson.url),
        ("dashboard (officer)", "/learn/dashboard/"),
    ):
        compare(label, lambda url=url: ok(client.get(url)))

    with override_settings(LMS_MFA_REQUIRED_ROLES=["reviewer"]):
        unit = factories.make_organisation(name="Benchmark unit")
        reviewer = factories.make_user("reviewer", organisation=unit)
        staff = verified_staff_client(reviewer)
        compare("portal dashboard (reviewer)", lambda: ok(staff.get("/portal/")))

    signer = factories.make_user("officer")

    def sign_in():
        Client(REMOTE_ADDR="198.51.100.1").post(
            "/accounts/login/",
            {"username": signer.username, "password": factories.PASSWORD},
        )

    compare("sign-in POST", sign_in)

    response = client.get(lesson.url)
    extra = sum(len(h) + len(response[h]) + 4 for h in SECURITY_HEADERS)
    total = len(response.serialize_headers()) + len(response.content)
    print(
        f"\nSecurity headers on the lesson page: {extra} bytes, "
        f"{extra / total:.3f} of its {total / 1024:.1f} KB uncompressed response"
    )


if __name__ == "__main__":
    main()
