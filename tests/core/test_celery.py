"""Long jobs run on Celery: eagerly where they are called without a broker (the embedded
default that `make run` uses), and through Redis and a worker when CELERY_BROKER_URL is set."""

from __future__ import annotations

import os

import pytest

from branchwork.config.celery import app
from branchwork.core.tasks import ping


def test_without_a_broker_tasks_run_where_they_are_called(settings):
    assert settings.CELERY_BROKER_URL == ""
    assert app.conf.task_always_eager is True
    assert ping.delay().get(timeout=1) == "pong"


def _forget_connections() -> None:
    """Celery caches the result backend and the broker pool on first use: a test that ran a
    task earlier in this process left the eager configuration's disabled backend there."""
    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend
    app._pool = None
    app.__dict__.pop("amqp", None)


def test_a_worker_takes_tasks_from_redis(transactional_db):
    import redis
    from celery.contrib.testing.worker import start_worker

    url = os.environ.get("BRANCHWORK_TEST_REDIS", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Redis is not running at {url} (CI starts it)")
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _forget_connections()
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            assert ping.delay().get(timeout=20) == "pong"
    finally:
        app.conf.update(saved)
        _forget_connections()
