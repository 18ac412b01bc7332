"""Lesson blocks the quiz plugin offers (placeholder until the knowledge check lands)."""

from wagtail import blocks


class KnowledgeCheckBlock(blocks.StructBlock):
    """A short check inside a lesson; it never counts towards a grade."""

    question = blocks.TextBlock()
