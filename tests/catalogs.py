"""Reading gettext catalogues in tests: .po entries, the strings code marks,
and whether the compiled .mo file is up to date."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

from django.utils.translation.template import templatize

# The gettext functions the plugin's Python code calls, under any import alias.
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}
# A gettext call in templatize() output; its first argument in either quote style.
TEMPLATE_CALL = re.compile(
    r"""(?:\bn?gettext|(?<![\w.])_)\(u?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
)


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr list and flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry = {"flags": set(), "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if key == "msgstr":
                    entry["msgstr"][-1] += value
                else:
                    entry[key] += value
            else:
                key, _, rest = line.partition(" ")
                value = ast.literal_eval(rest)
                if key.startswith("msgstr"):
                    key = "msgstr"
                    entry["msgstr"].append(value)
                else:
                    entry[key] = value
        if "msgid" in entry and not entry.get("obsolete"):
            entries.append(entry)
    return entries


def python_strings(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        literals = [
            arg.value
            for arg in node.args
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        ]
        if name in SINGULAR and literals:
            found.add(literals[0])
        elif name in PLURAL and literals:
            found.add(literals[0])
    return found


def template_strings(path: Path) -> set[str]:
    # Django's own extraction step: templatize() turns {% translate %} and
    # {% blocktranslate %} into gettext() calls, as makemessages feeds xgettext.
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    calls = re.finditer(TEMPLATE_CALL, code)
    return {ast.literal_eval(match.group(1)) for match in calls}


def stale_entries(entries: list[dict], compiled: Path) -> list[str]:
    """msgids whose translation in the compiled ``.mo`` differs from the ``.po``."""
    with compiled.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        if "msgid_plural" in entry:
            text = catalog.ngettext(entry["msgid"], entry["msgid_plural"], 2)
        else:
            text = catalog.gettext(entry["msgid"])
        if text != entry["msgstr"][0]:
            stale.append(entry["msgid"])
    return stale
