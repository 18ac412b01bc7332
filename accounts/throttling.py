"""Answering a throttled form (``lms.ratelimit``): the form again, with 429."""

from __future__ import annotations

import math

from django.shortcuts import render
from django.utils.translation import gettext as _

HOUR = 60 * 60


def retry_message(verdict) -> str:
    return _(
        "Too many tries from your connection. Wait %(minutes)s minutes, "
        "then send the form again."
    ) % {"minutes": max(1, math.ceil(verdict.retry_after / 60))}


def refuse_throttled(request, template: str, form, verdict, context=None):
    """The form again, as entered (never a password), with HTTP 429."""
    form.is_valid()
    form.add_error(None, retry_message(verdict))
    response = render(request, template, {**(context or {}), "form": form}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response
