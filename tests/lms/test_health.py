"""``/healthz`` for load balancers: 200 when the database answers, else 503."""

import json

import pytest
from django.db import connection

from tests.lms.support import python, run_all

UNREACHABLE = "postgres://leaky_user:leaky_password@127.0.0.1:1/leaky_database"

GET_HEALTHZ = """
import json
import django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({
    "status_code": response.status_code,
    "content_type": response["Content-Type"],
    "body": response.content.decode(),
}))
"""


@pytest.mark.django_db
def test_healthy(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "databases": {"default": {"status": "ok", "vendor": connection.vendor}},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_head_is_allowed_and_post_is_not(client):
    assert client.head("/healthz").status_code == 200

    response = client.post("/healthz")

    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_unreachable_database_is_503_without_leaking_the_connection_string():
    (result,) = run_all(
        python(
            GET_HEALTHZ,
            env={
                "DJANGO_SETTINGS_MODULE": "lms.settings.test",
                "DATABASE_URL": UNREACHABLE,
                "ALLOWED_HOSTS": "testserver",
            },
        )
    )

    assert result.returncode == 0, result.stderr
    response = json.loads(result.stdout)
    assert response["status_code"] == 503
    assert response["content_type"] == "application/json"
    body = json.loads(response["body"])
    assert body == {
        "status": "error",
        "databases": {
            "default": {
                "status": "error",
                "vendor": "postgresql",
                "error": "OperationalError",
            }
        },
    }
    for secret in ("leaky_user", "leaky_password", "leaky_database", "127.0.0.1"):
        assert secret not in response["body"]
