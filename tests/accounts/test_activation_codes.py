"""Activation secrets: short codes easy to type, tokens, stored only as hashes."""

from __future__ import annotations

import re

import pytest

from accounts.activation import codes, issuing, redeeming
from accounts.models import ActivationCode
from tests.accounts.activation_helpers import letter_for, never_activated

LOOK_ALIKES = "0O1IL5S2Z8B"


def test_the_alphabet_has_no_look_alike_characters():
    assert not set(LOOK_ALIKES) & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 25


def test_a_new_code_is_twelve_characters_printed_in_groups_of_four():
    code = codes.new_code()
    assert len(code) == 12 and set(code) <= set(codes.ALPHABET)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", codes.display(code))
    assert len({codes.new_code() for _ in range(200)}) == 200


@pytest.mark.parametrize(
    "typed", ["K7QM-4XTR-9PWA", "k7qm4xtr9pwa", " k7qm 4xtr 9pwa ", "K7QM4XTR-9pwa"]
)
def test_lower_case_spaces_and_missing_dashes_are_accepted(typed):
    assert codes.normalise(typed) == "K7QM4XTR9PWA"


@pytest.mark.parametrize(
    "typed",
    ["K7QM-4XTR-9PW", "K7QM-4XTR-9PWAA", "K7QM-4XTR-9PW0", "S7QM-4XTR-9PWA", ""],
)
def test_wrong_lengths_and_look_alikes_are_no_code(typed):
    assert codes.normalise(typed) is None


@pytest.mark.django_db
def test_only_a_keyed_hash_of_the_code_is_stored():
    officer = never_activated()
    issued = letter_for(officer)
    row = ActivationCode.objects.filter(user=officer).values().get()
    stored = " ".join(str(value) for value in row.values())
    assert issued.secret not in stored
    assert issued.display_code not in stored
    assert row["secret_hash"] == codes.secret_hash(issued.secret)
    assert re.fullmatch(r"[0-9a-f]{64}", row["secret_hash"])


@pytest.mark.django_db
def test_a_new_letter_cancels_the_old_code(settings):
    officer = never_activated()
    first = letter_for(officer)
    second = letter_for(officer)
    with pytest.raises(redeeming.Refused) as refused:
        redeeming.find(first.secret)
    assert refused.value.reason == redeeming.CANCELLED
    assert redeeming.find(second.secret).user == officer
    assert ActivationCode.objects.live().filter(user=officer).count() == 1


@pytest.mark.django_db
def test_letters_and_invitations_expire_after_their_settings(settings):
    settings.LMS_ACTIVATION_LETTER_DAYS = 30
    settings.LMS_INVITATION_DAYS = 7
    officer = never_activated(email="dara@example.gov.kh")
    letter = letter_for(officer).code
    assert (letter.expires_at - letter.created_at).days == 30
    issuing.send_invitation(officer)
    invitation = ActivationCode.objects.live().get(user=officer)
    assert invitation.channel == "email"
    assert (invitation.expires_at - invitation.created_at).days == 7


@pytest.mark.django_db
def test_an_inactive_officer_gets_no_code_and_a_code_stops_when_switched_off():
    officer = never_activated()
    issued = letter_for(officer)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    with pytest.raises(redeeming.Refused) as refused:
        redeeming.find(issued.secret)
    assert refused.value.message == redeeming.MESSAGES[redeeming.UNKNOWN]
    assert issuing.issue_letters([officer]) == []
