"""The one Celery task: run a recorded job. Every app's slow work is a plain function in
its own `tasks.py`, started through `jobs.services.job_start`, which records which
function to run; the worker only needs this task to run any of them."""

from celery import shared_task

from jobs.services import job_execute


@shared_task(name="jobs.execute", acks_late=True, reject_on_worker_lost=True)
def execute(pk: int) -> None:
    job_execute(pk)
