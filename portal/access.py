"""Who may open the portal, and the decorators its views use.

The portal is for organisation reviewers (their officers), trainers (their
courses' reports) and platform admins. Anonymous users are sent to sign in;
signed-in users without a portal role get 403 with a reason (what the page
is for, who grants it; rendered by ``lms.error_pages``). What each page *shows* is
then scoped by ``accounts.scope`` querysets; these decorators only decide
whether the page opens at all.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, scope_for


def may_use_portal(user) -> bool:
    scope = scope_for(user)
    return scope.is_admin or scope.is_reviewer or scope.is_trainer


def may_review(user) -> bool:
    """Reviewer or admin: the officer-centred pages (dashboard, officers...)."""
    scope = scope_for(user)
    return scope.is_admin or scope.is_reviewer


def _guard(test, refusal):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                # Shown on the site's 403 page (lms.error_pages), which adds
                # the person's own places.
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


#: Reviewers, trainers and admins.
portal_required = _guard(
    may_use_portal,
    _(
        "The portal is for the organisation reviewers of ministries and "
        "departments, and for trainers' course reports. To get the "
        "organisation reviewer role, ask your platform administrator."
    ),
)
#: Reviewers and admins.
reviewer_required = _guard(
    may_review,
    _(
        "This part of the portal is for the organisation reviewers of "
        "ministries and departments: it shows their officers' progress, "
        "certificates and reports. To get the organisation reviewer role, ask "
        "your platform administrator. Trainers find their courses' reports in "
        "Authoring, under Reports."
    ),
)


def request_scope(request) -> Scope:
    return scope_for(request.user)
