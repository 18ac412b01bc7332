"""Installing or removing a plugin never changes core migrations."""

from courses.models import LessonPage
from tests.lms.support import manage, run_all


def test_makemigrations_is_clean_with_and_without_the_plugin(sqlite_url, tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": sqlite_url}
    without_url = f"sqlite:///{tmp_path / 'without.sqlite3'}"

    with_plugin, without_plugin = run_all(
        manage("makemigrations", "--check", "--dry-run", env=env),
        manage(
            "makemigrations",
            "--check",
            "--dry-run",
            env={**env, "DATABASE_URL": without_url, "LMS_PLUGINS_EXCLUDE": "sample"},
        ),
    )

    assert with_plugin.returncode == 0, with_plugin.stdout + with_plugin.stderr
    assert without_plugin.returncode == 0, without_plugin.stdout + without_plugin.stderr
    assert "No changes detected" in with_plugin.stdout
    assert "No changes detected" in without_plugin.stdout


def test_lesson_body_migrations_see_core_blocks_only():
    field = LessonPage._meta.get_field("body")

    name, path, args, kwargs = field.deconstruct()

    assert name == "body"
    assert path == "wagtail.fields.StreamField"
    described = repr((args, kwargs))
    assert "key_term" not in described
    assert "'text'" in described  # a core block is still described
    # The live field offers the plugin's block next to the core ones.
    assert "key_term" in field.stream_block.child_blocks
    assert "text" in field.stream_block.child_blocks
