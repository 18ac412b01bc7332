"""The quiz page's random-draw panel: its forms know who edits which quiz."""

from __future__ import annotations

from wagtail.admin.panels import InlinePanel


class DrawsPanel(InlinePanel):
    """An ``InlinePanel`` whose draw forms are ``DrawForm``s given the quiz
    page form's user and ``quiz_scope``, so the category select offers only
    the categories the user may draw from."""

    def get_form_options(self):
        # Imported here: the panel is declared on the model, which this
        # module must not import at load time (the forms import the models).
        from plugins.quiz.admin.forms import DrawForm

        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["form"] = DrawForm
        formset["inherit_kwargs"] = ["for_user", "quiz_scope"]
        return options
