"""Organisation scope: an organisation and every organisation under it."""

from __future__ import annotations


def organisation_ids_under(organisation) -> set[int]:
    """Primary keys of ``organisation`` and all its descendants (any depth)."""
    from accounts.models import Organisation

    found = {organisation.pk}
    frontier = {organisation.pk}
    while frontier:
        frontier = (
            set(
                Organisation.objects.filter(parent_id__in=frontier).values_list(
                    "pk", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found
