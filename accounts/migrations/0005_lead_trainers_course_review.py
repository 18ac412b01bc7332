"""Lead trainers approve what trainers write: groups, permissions, review workflow.

- "Trainers" may open the admin, add and edit pages, and never publish:
  ``add_page`` and ``change_page`` on the root page. The ``publish_page`` and
  ``bulk_delete_page`` permissions they held anywhere (the demo gave
  ``publish_page`` on the catalog) are taken away, and their ``add_page`` /
  ``change_page`` rows below the root, now said once at the root, are removed.
- "Lead trainers" may open the admin, add, edit and publish pages (on the
  root page) and hold every model permission Trainers hold (the question
  bank's, granted by the quiz plugin after each migrate).
- Both may add, change and choose images and documents in the root collection.
- The "Course review" workflow, one "Lead trainer approval" group task for
  Lead trainers, is assigned to the root page: every page of every locale's
  catalog goes through it (it replaces Wagtail's default "Moderators
  approval" there).

Why the root page and not the catalog: a course's Khmer and English pages
are translations in two trees, one catalog per locale, and a locale added
later brings a catalog of its own. Permissions and the workflow on the root
(depth 1) cover them all, and the root exists on every database, so this
migration does its work even before any catalog exists. The Trainers
group's page permissions say *what* a trainer may do; *where* is narrowed
to the courses they train by ``courses.authoring.page_access``.

:func:`apply` takes a model getter so that the demo loader applies the same
rules (without ``reassign``: it only adds what is missing) to a database
flushed after migrating. Running either twice changes nothing.
"""

from collections import Counter

from django.db import migrations

TRAINERS = "Trainers"
LEAD_TRAINERS = "Lead trainers"
WORKFLOW_NAME = "Course review"
TASK_NAME = "Lead trainer approval"

TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page")
LEAD_TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
#: Page permissions the Trainers group must not hold anywhere (review first).
NOT_FOR_TRAINERS = ("publish_page", "bulk_delete_page")
COLLECTION_PERMISSIONS = [
    (app, f"{action}_{model}")
    for app, model in (("wagtaildocs", "document"), ("wagtailimages", "image"))
    for action in ("add", "change", "choose")
]


def apply(get_model, *, reassign: bool) -> Counter:
    """Create what is missing; with ``reassign``, also correct older setups.

    ``get_model`` is ``apps.get_model`` (a migration) or
    ``django.apps.apps.get_model`` (the demo loader). ``reassign`` removes the
    Trainers' publish/bulk-delete permissions and points the root page at
    "Course review" when it had another workflow. Returns what was created,
    by kind.
    """
    Group = get_model("auth", "Group")
    Permission = get_model("auth", "Permission")
    Page = get_model("wagtailcore", "Page")
    GroupPagePermission = get_model("wagtailcore", "GroupPagePermission")
    Collection = get_model("wagtailcore", "Collection")
    GroupCollectionPermission = get_model("wagtailcore", "GroupCollectionPermission")
    created = Counter()

    trainers, new = Group.objects.get_or_create(name=TRAINERS)
    created["groups"] += new
    leads, new = Group.objects.get_or_create(name=LEAD_TRAINERS)
    created["groups"] += new

    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    wanted = {access_admin.pk} if access_admin else set()
    for group in (trainers, leads):
        if group is leads:
            wanted |= _model_permission_ids(trainers)
        missing = wanted - _model_permission_ids(group)
        group.permissions.add(*missing)
        created["group permissions"] += len(missing)

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        created["page permissions"] += _grant_pages(
            Permission, GroupPagePermission, trainers, root, TRAINER_PAGE_PERMISSIONS
        )
        created["page permissions"] += _grant_pages(
            Permission, GroupPagePermission, leads, root, LEAD_TRAINER_PAGE_PERMISSIONS
        )
        if reassign:
            GroupPagePermission.objects.filter(
                group=trainers,
                permission__content_type__app_label="wagtailcore",
                permission__codename__in=NOT_FOR_TRAINERS,
            ).delete()
            # Said once at the root now; the same rows lower down add nothing.
            GroupPagePermission.objects.filter(
                group=trainers,
                permission__content_type__app_label="wagtailcore",
                permission__codename__in=TRAINER_PAGE_PERMISSIONS,
            ).exclude(page=root).delete()
        created["workflows"] += _ensure_workflow(get_model, leads, root, reassign)

    collection = Collection.objects.filter(depth=1).order_by("path").first()
    if collection is not None:
        for group in (trainers, leads):
            for app_label, codename in COLLECTION_PERMISSIONS:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if permission is None:
                    continue
                _, new = GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
                created["collection permissions"] += new
    return +created  # drop the kinds with nothing created


def _model_permission_ids(group) -> set[int]:
    return set(group.permissions.values_list("pk", flat=True))


def _grant_pages(Permission, GroupPagePermission, group, page, codenames) -> int:
    count = 0
    for codename in codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        _, new = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission
        )
        count += new
    return count


def _ensure_workflow(get_model, leads, root, reassign: bool) -> int:
    """The "Course review" workflow with its one task, assigned to ``root``."""
    ContentType = get_model("contenttypes", "ContentType")
    GroupApprovalTask = get_model("wagtailcore", "GroupApprovalTask")
    Workflow = get_model("wagtailcore", "Workflow")
    WorkflowTask = get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = get_model("wagtailcore", "WorkflowPage")
    created = 0

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=content_type, active=True
        )
    task.groups.add(leads)

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        created += 1
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    assignment = WorkflowPage.objects.filter(page=root).first()
    if assignment is None:
        WorkflowPage.objects.create(page=root, workflow=workflow)
    elif reassign and assignment.workflow_id != workflow.pk:
        assignment.workflow = workflow
        assignment.save(update_fields=["workflow"])
    return created


def forwards(apps, schema_editor):
    apply(apps.get_model, reassign=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_duty_stations"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
