import pytest
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language, whatever the last one activated.

    A request served in Khmer leaves Khmer active in the thread; messages that
    tests match must not depend on which test ran before.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rate-limit counters live there)."""
    from django.core.cache import cache

    cache.clear()
    yield


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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last (after pytest-django's own ordering).

    Playwright's session-wide browser keeps an event loop in the main thread
    until the session ends: code run after it there cannot call
    ``asyncio.run()`` (pyHanko's signing does), and forking a PDF render
    process next to Playwright's threads is unsafe.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
