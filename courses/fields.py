"""``LessonBodyField``: the lesson StreamField, open to plugin blocks.

Wagtail writes every child block of a StreamField into migrations. If plugin
blocks were part of the field's definition, installing a plugin would make
core migrations stale. So the field's *deconstruction* (what migrations see)
holds only the core blocks, while the live block (what the admin edits and
pages render) adds every block registered through ``lms_register_lesson_blocks``.
The column is JSON either way, so the database schema never depends on plugins.
"""

from django.utils.functional import cached_property
from wagtail.blocks import StreamBlock
from wagtail.fields import StreamField

from courses.blocks import core_lesson_blocks


class LessonBodyField(StreamField):
    def __init__(self, *args, **kwargs):
        # Migrations pass the core block definitions back in; the live field
        # builds its own from code, so they are only used by historical models.
        if not args and "block_types" not in kwargs:
            args = (core_lesson_blocks(),)
        super().__init__(*args, **kwargs)

    @cached_property
    def stream_block(self):
        from courses.hooks import lesson_blocks

        block = StreamBlock([*core_lesson_blocks(), *lesson_blocks])
        block.set_meta_options(self.block_opts)
        return block

    def deconstruct(self):
        name, _path, _args, kwargs = super().deconstruct()
        core = StreamField(core_lesson_blocks(), **self._field_kwargs())
        _name, _p, args, core_kwargs = core.deconstruct()
        kwargs["block_lookup"] = core_kwargs["block_lookup"]
        return name, "wagtail.fields.StreamField", args, kwargs

    def _field_kwargs(self):
        kwargs = dict(self.block_opts)
        kwargs.pop("required", None)
        return {"blank": self.blank, **kwargs}
