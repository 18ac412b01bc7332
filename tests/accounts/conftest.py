import pytest

from tests import factories


@pytest.fixture
def other_officer(db):
    return factories.make_user("officer")
