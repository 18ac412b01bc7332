"""``manage.py lms_plugins``: what is installed and what each plugin registers."""

import json
from io import StringIO

from django.core.management import call_command


def run(*args):
    out = StringIO()
    call_command("lms_plugins", *args, stdout=out, no_color=True)
    return out.getvalue()


def test_json_output_describes_the_sample_plugin():
    plugins = json.loads(run("--json"))["plugins"]

    sample = next(p for p in plugins if p["label"] == "sample_plugin")
    assert sample == {
        "label": "sample_plugin",
        "app": "lms_sample_plugin",
        "name": "Sample plugin",
        "version": "0.3.0",
        "author": "LMS test suite",
        "category": "completion",
        "description": "Key-term block and an acknowledgement completion rule.",
        "compatibility": "lms>=0.1,<1",
        "compatible": True,
        "urls": "/plugins/sample_plugin/",
        "registers": {
            "lms_register_completion_rules": ["sample_acknowledged"],
            "lms_register_lesson_blocks": ["key_term"],
        },
    }
    # Only plugins are listed: what courses registers is not a plugin's.
    assert not any(p["label"] == "courses" for p in plugins)


def test_text_output_describes_the_sample_plugin():
    lines = run().splitlines()

    start = lines.index("Sample plugin 0.3.0  [sample_plugin, completion]")
    block = lines[start + 1 : start + 5]
    assert block == [
        "  Key-term block and an acknowledgement completion rule.",
        "  urls: /plugins/sample_plugin/",
        "  lms_register_completion_rules: sample_acknowledged",
        "  lms_register_lesson_blocks: key_term",
    ]
    assert "not compatible" not in "\n".join(lines)
