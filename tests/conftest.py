import pytest

from tests import factories


@pytest.fixture
def catalog(db):
    return factories.make_catalog()


@pytest.fixture
def course(catalog):
    return factories.make_course(catalog, title="Identifying victims")


@pytest.fixture
def officer(db):
    return factories.make_user("officer")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client
