"""``/healthz``: is this instance able to serve? For load balancers and monitors."""

from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def database_status(alias: str) -> dict:
    """Run ``SELECT 1`` on one database connection and describe the outcome."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {
            "status": "error",
            "vendor": connection.vendor,
            "error": type(error).__name__,
        }
    return {"status": "ok", "vendor": connection.vendor}


@never_cache
@require_safe
def healthz(request):
    """200 with ``{"status": "ok", ...}`` when every database answers, else 503.

    The error names the exception class only: connection strings and messages
    may hold hosts or credentials and this endpoint is public.
    """
    databases = {alias: database_status(alias) for alias in connections}
    healthy = all(db["status"] == "ok" for db in databases.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "databases": databases},
        status=200 if healthy else 503,
    )
