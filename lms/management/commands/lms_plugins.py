import json

from django.core.management.base import BaseCommand

from lms.plugin import plugin_app_configs
from lms.registry import ALL_REGISTRIES


def describe_plugins() -> list[dict]:
    """One dict per installed plugin: its meta, URL mount and registrations."""
    described = []
    for config in plugin_app_configs():
        meta = config.plugin_meta
        registers = {
            hook_name: [entry.identifier for entry in registry.by_app(config.label)]
            for hook_name, registry in sorted(ALL_REGISTRIES.items())
        }
        described.append(
            {
                "label": config.label,
                "app": config.name,
                "name": meta.name if meta else None,
                "version": meta.version if meta else None,
                "author": meta.author if meta else None,
                "category": meta.category if meta else None,
                "description": meta.description if meta else None,
                "compatibility": meta.compatibility if meta else None,
                "compatible": meta.is_compatible() if meta else False,
                "urls": f"/plugins/{config.label}/" if config.urls_module else None,
                "registers": {k: v for k, v in registers.items() if v},
            }
        )
    return described


class Command(BaseCommand):
    help = (
        "List installed LMS plugins: name, version, category and what each registers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        plugins = describe_plugins()
        if options["json"]:
            self.stdout.write(
                json.dumps({"plugins": plugins}, indent=2, ensure_ascii=False)
            )
            return
        if not plugins:
            self.stdout.write("No plugins installed.")
            return
        for plugin in plugins:
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{plugin['name']} {plugin['version']}")
                + f"  [{plugin['label']}, {plugin['category']}]"
            )
            if plugin["description"]:
                self.stdout.write(f"  {plugin['description']}")
            if plugin["urls"]:
                self.stdout.write(f"  urls: {plugin['urls']}")
            for hook_name, identifiers in plugin["registers"].items():
                self.stdout.write(f"  {hook_name}: {', '.join(identifiers)}")
            if not plugin["compatible"]:
                self.stdout.write(
                    self.style.ERROR("  not compatible with this platform")
                )
