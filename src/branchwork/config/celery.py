"""The Celery application. Settings come from Django's (the CELERY_* names in settings.py);
tasks are found in each app's ``tasks.py``. Without CELERY_BROKER_URL every task runs eagerly
where it is called (the embedded default). Start a worker with:

    celery -A branchwork.config.celery worker --loglevel=info
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "branchwork.config.settings")

app = Celery("branchwork")
app.config_from_object("django.conf:settings", namespace="CELERY")
if not app.conf.broker_url:
    app.conf.broker_url = "memory://"  # never contacted: tasks run eagerly without a broker
app.autodiscover_tasks()
