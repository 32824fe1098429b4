"""Pages of the reports app: bodies' submissions, and the commune's documents."""

from reports.views.documents import (
    monthly_approve,
    monthly_download,
    monthly_index,
    monthly_narrative,
    monthly_page,
    monthly_reopen,
    monthly_send,
    quarterly_download,
)
from reports.views.submissions import send_back, submission, submissions, submissions_current

__all__ = [
    "monthly_approve",
    "monthly_download",
    "monthly_index",
    "monthly_narrative",
    "monthly_page",
    "monthly_reopen",
    "monthly_send",
    "quarterly_download",
    "send_back",
    "submission",
    "submissions",
    "submissions_current",
]
