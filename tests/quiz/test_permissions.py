"""The quiz plugin gives the trainer role its question-bank permissions on migrate."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import TRAINERS
from plugins.quiz.apps import TRAINER_PERMISSIONS
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_migrate_grants_trainers_the_question_bank_permissions():
    trainers = Group.objects.get(name=TRAINERS)
    granted = set(
        trainers.permissions.filter(content_type__app_label="quiz").values_list(
            "codename", flat=True
        )
    )
    assert granted == set(TRAINER_PERMISSIONS)


def test_a_trainer_may_edit_the_bank_and_an_officer_may_not():
    assert make_user("trainer").has_perm("quiz.change_question")
    assert not make_user("officer").has_perm("quiz.change_question")
