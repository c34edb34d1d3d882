"""Core background tasks."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="branchwork.core.ping")
def ping() -> str:
    """Answer "pong": how an operator (``celery -A branchwork.config.celery call
    branchwork.core.ping``) or a test sees that a worker takes tasks from the broker."""
    return "pong"
