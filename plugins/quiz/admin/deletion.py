"""Deleting from the bank: refused, with the reason, while something still uses it.

The bank's foreign keys are ``PROTECT``: a category holding questions, or a
question used by a quiz, cannot go. The delete views say so up front instead
of failing with a database error.
"""

from __future__ import annotations

from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.generic import DeleteView


class RefusingDeleteView(DeleteView):
    """A delete view that lists what still uses the object and refuses to delete.

    Subclasses implement :meth:`blockers`: sentences saying what must go first.
    """

    template_name = "quiz/admin/confirm_delete.html"

    def blockers(self) -> list[str]:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blockers"] = self.blockers()
        return context

    def refuse(self, reasons: list[str]):
        messages.error(
            self.request,
            _("“%(object)s” cannot be deleted: %(reasons)s")
            % {"object": self.object, "reasons": " ".join(reasons)},
        )
        return redirect(self.get_delete_url())

    def form_valid(self, form):
        reasons = self.blockers()
        if reasons:
            return self.refuse(reasons)
        try:
            return super().form_valid(form)
        except ProtectedError:
            # Something started using it between the check and the delete.
            return self.refuse(self.blockers() or [_("It is still in use.")])
