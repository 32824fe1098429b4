"""The Celery app. Used only when CELERY_BROKER_URL is set (Redis in a province
install): `celery -A ntm_portal worker`. Without a broker, jobs run in the web process
(jobs/services.py), and nothing here is started."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")

app = Celery("ntm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["jobs", "notifications"])
