"""Registries of things that plugins contribute through ``lms_`` Wagtail hooks.

An offering app declares one :class:`Registry` per extension point in its
``hooks.py``; plugins implement the hook in their ``wagtail_hooks.py``::

    @hooks.register("lms_register_completion_rules")
    def register_rules():
        return [AcknowledgedRule()]

The registry calls every implementation of its hook on first use (not at
import time, so models and settings are ready), keys each returned item by its
identifier and refuses two items with the same identifier. Identifiers are
stored in the database and must never be renamed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from wagtail import hooks

#: Every registry ever constructed, by hook name (for ``lms_plugins`` and checks).
ALL_REGISTRIES: dict[str, Registry] = {}

HOOK_PREFIX = "lms_"


class DuplicateIdentifierError(Exception):
    """Two hook implementations returned items with the same identifier."""

    def __init__(self, registry: Registry, identifier: str, first: str, second: str):
        self.registry = registry
        self.identifier = identifier
        self.first = first
        self.second = second
        super().__init__(
            f"{registry.kind} identifier {identifier!r} is registered twice through "
            f"the {registry.hook_name!r} hook: by {first} and by {second}."
        )


@dataclass(frozen=True)
class Entry:
    """One registered item and where it came from."""

    identifier: str
    item: Any
    #: Label of the app whose hook returned the item (``"courses"``, a plugin's label).
    app_label: str | None
    #: Dotted path of the hook function, for error messages.
    source: str


class Registry:
    """Items contributed through one ``lms_`` hook, keyed by identifier.

    :param hook_name: the Wagtail hook to scan; must start with ``lms_``.
    :param kind: a human name for items, used in messages ("completion rule").
    :param identify: returns an item's identifier; defaults to ``item.identifier``.
    :param validate: optional callable raising ``TypeError``/``ValueError`` for an
        item that breaks the extension point's contract.

    Implementations of the hook take no arguments and return a list (any
    iterable) of items; anything else, such as a single item, is a
    ``TypeError``. Each item is validated before its identifier is read.
    Hooks run in Wagtail's hook order (``order=`` then registration order).
    """

    def __init__(
        self,
        hook_name: str,
        *,
        kind: str,
        identify: Callable[[Any], str] | None = None,
        validate: Callable[[Any], None] | None = None,
    ):
        if not hook_name.startswith(HOOK_PREFIX):
            raise ValueError(
                f"Hook names must start with {HOOK_PREFIX!r}: {hook_name!r}"
            )
        if hook_name in ALL_REGISTRIES:
            raise ValueError(f"A registry for {hook_name!r} already exists")
        self.hook_name = hook_name
        self.kind = kind
        self._identify = identify or (lambda item: item.identifier)
        self._validate = validate
        self._entries: dict[str, Entry] | None = None
        self._lock = threading.Lock()
        ALL_REGISTRIES[hook_name] = self

    # Loading -----------------------------------------------------------------

    def _load(self) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        for hook_fn in hooks.get_hooks(self.hook_name):
            source = f"{hook_fn.__module__}.{hook_fn.__qualname__}"
            app_config = apps.get_containing_app_config(hook_fn.__module__)
            app_label = app_config.label if app_config else None
            returned = hook_fn()
            try:
                if isinstance(returned, str | bytes):
                    raise TypeError
                items = list(returned or ())
            except TypeError:
                raise TypeError(
                    f"{source} must return a list of {self.kind}s, got {returned!r}"
                ) from None
            for item in items:
                self._add(entries, item, app_label, source)
        return entries

    def _add(self, entries: dict[str, Entry], item: Any, app_label, source: str):
        # Validate before identifying: ``identify`` assumes a well-formed item
        # (``item.identifier``, ``model._meta.label``) and would otherwise fail
        # with an AttributeError that hides the contract's own message.
        if self._validate is not None:
            # Say which hook returned the item: the check lms.E003 shows this.
            try:
                self._validate(item)
            except TypeError as error:
                raise TypeError(f"{error} (returned by {source})") from error
            except ValueError as error:
                raise ValueError(f"{error} (returned by {source})") from error
        try:
            identifier = str(self._identify(item))
        except (AttributeError, LookupError, TypeError) as error:
            raise TypeError(
                f"A {self.kind} from {source} has no readable identifier: {item!r} "
                f"({error})"
            ) from error
        if not identifier:
            raise ValueError(f"A {self.kind} from {source} has an empty identifier")
        if identifier in entries:
            raise DuplicateIdentifierError(
                self, identifier, entries[identifier].source, source
            )
        entries[identifier] = Entry(identifier, item, app_label, source)

    @property
    def entries(self) -> dict[str, Entry]:
        """All entries by identifier, loading the hooks on first access.

        Raises :class:`DuplicateIdentifierError` (and keeps raising it) while two
        implementations clash; the system check ``lms.E003`` reports it.
        """
        if self._entries is None:
            with self._lock:
                if self._entries is None:
                    self._entries = self._load()
                    from lms.signals import registry_loaded

                    registry_loaded.send(sender=type(self), registry=self)
        return self._entries

    def reset(self) -> None:
        """Forget loaded entries; the next access scans the hooks again."""
        with self._lock:
            self._entries = None

    # Reading -----------------------------------------------------------------

    def __iter__(self) -> Iterator[Any]:
        return (entry.item for entry in self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, identifier: object) -> bool:
        return identifier in self.entries

    def get(self, identifier: str, default: Any = None) -> Any:
        """The item registered as ``identifier``, or ``default``."""
        entry = self.entries.get(identifier)
        return entry.item if entry else default

    def __getitem__(self, identifier: str) -> Any:
        return self.entries[identifier].item

    def identifiers(self) -> list[str]:
        """Identifiers in registration order."""
        return list(self.entries)

    def by_app(self, app_label: str) -> list[Entry]:
        """Entries contributed by one app."""
        return [e for e in self.entries.values() if e.app_label == app_label]

    # Tests -------------------------------------------------------------------

    @contextmanager
    def temporarily(self, *items: Any, app_label: str | None = None) -> Iterator[None]:
        """Add ``items`` for the duration of a ``with`` block (for tests).

        Duplicate identifiers are refused exactly as for hooks.
        """
        entries = dict(self.entries)
        for item in items:
            self._add(entries, item, app_label, "temporarily()")
        previous, self._entries = self._entries, entries
        try:
            yield
        finally:
            self._entries = previous


def load_all_registries() -> Iterable[tuple[Registry, Exception | None]]:
    """Load every registry, yielding ``(registry, error_or_None)``."""
    for registry in list(ALL_REGISTRIES.values()):
        try:
            registry.entries  # noqa: B018  (loads the registry)
        except (DuplicateIdentifierError, TypeError, ValueError) as error:
            yield registry, error
        else:
            yield registry, None
