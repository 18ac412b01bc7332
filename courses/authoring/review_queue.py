"""The lead trainers' review queue on the admin dashboard.

Wagtail's "Awaiting your review" panel lists page titles only: "Lesson 1"
could be any course's. :class:`CourseReviewQueuePanel` takes its place and
adds, for each page, where it sits ("Course › Module",
``courses.authoring.breadcrumbs``), and groups the pages submitted as a whole
(``courses.authoring.batch_review``) under their batch, with a link to
decide the batch in one step, and says which page must go live first when
a page cannot be approved alone. Everything else (actions, preview, compare)
is Wagtail's.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from courses.authoring.batch_review import open_batches_for
from courses.authoring.breadcrumbs import course_trails
from courses.authoring.publish_guard import not_live_ancestors, publish_refusal


class CourseReviewQueuePanel(WorkflowObjectsToModeratePanel):
    template_name = "courses/authoring/review_queue_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        states = context.get("states") or []
        pages = [state["obj"] for state in states]
        trails = course_trails(pages)
        batches = open_batches_for(pages)
        blocked = not_live_ancestors(pages)
        for state in states:
            obj = state["obj"]
            state["trail"] = trails.get(obj.pk, "")
            state["batch"] = batches.get(obj.pk)
            # Approving it alone would be refused: say so before the click.
            if obj.pk in blocked:
                state["waits_for"] = publish_refusal(obj, blocked[obj.pk])
        # Batches first (newest first), their pages in tree order; then the
        # pages submitted one by one, as Wagtail orders them.
        grouped = sorted(
            (s for s in states if s["batch"] is not None),
            key=lambda s: (-s["batch"].pk, s["obj"].path),
        )
        context["states"] = grouped + [s for s in states if s["batch"] is None]
        return context


@hooks.register("construct_homepage_panels")
def use_course_review_queue(request, panels):
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = CourseReviewQueuePanel()
