"""Who may open the portal, and the decorators its views use.

The portal is for organisation reviewers (their officers), trainers (their
courses' reports) and platform admins. Anonymous users are sent to sign in;
signed-in users without a portal role get 403. What each page *shows* is
then scoped by ``accounts.scope`` querysets; these decorators only decide
whether the page opens at all.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts.scope import Scope, scope_for


def may_use_portal(user) -> bool:
    scope = scope_for(user)
    return scope.is_admin or scope.is_reviewer or scope.is_trainer


def may_review(user) -> bool:
    """Reviewer or admin: the officer-centred pages (dashboard, officers...)."""
    scope = scope_for(user)
    return scope.is_admin or scope.is_reviewer


def _guard(test):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


#: Reviewers, trainers and admins.
portal_required = _guard(may_use_portal)
#: Reviewers and admins.
reviewer_required = _guard(may_review)


def request_scope(request) -> Scope:
    return scope_for(request.user)
