import pytest


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no stored public page (the cache outlives test transactions)."""
    from branchwork.publicity.cache import page_cache

    page_cache().clear()
    yield
    page_cache().clear()
