"""Saving a wagtail-localize translation's target, safely inside a transaction.

wagtail-localize's ``Translation.save_target(publish=True)`` publishes the new
revision in ``transaction.on_commit``, with the page instance it held when it
saved. Inside one transaction that makes a parent's version and then its
children's (a migration, the demo, a course PO import), the deferred publish
saves the parent as it was before its children existed, and treebeard's child
count (``numchild``) goes back to 0: Wagtail then adds the next child at a
path that is taken. :func:`save_translation` saves a draft revision and
publishes it at once, from the page as it is in the database.
"""

from __future__ import annotations

from wagtail.models import DraftStateMixin, Page


def save_translation(translation, user=None, publish: bool = False):
    """Save ``translation``'s target from its current strings (untranslated
    segments keep the source text); publish it now when ``publish``.

    Returns the target instance.
    """
    model = translation.source.specific_content_type.model_class()
    if not issubclass(model, DraftStateMixin):
        # Nothing to publish later: saved as it is (wagtail-localize refuses
        # a "draft" of such an object).
        translation.save_target(user=user, publish=True)
        return translation.get_target_instance()
    translation.save_target(user=user, publish=False)
    target = translation.get_target_instance()
    if publish and isinstance(target, DraftStateMixin):
        if isinstance(target, Page):
            target = Page.objects.get(pk=target.pk).specific
        revision = target.get_latest_revision()
        if revision is not None:
            revision.publish(user=user)
            target = type(target).objects.get(pk=target.pk)
    return target
