"""The dashboard's reads: each page's data in a fixed number of queries, whatever the
number of villages and months stored. One module a page (`overview`, `criterion`,
`village`) and what they share (`shared`).

The status is the one computation of criteria/status.py. The overview reads the month
and its 12-month trend from the stored monthly status (`criteria.selectors.
monthly_statuses`: one row per indicator and month), and of single records only what it
shows: the chart villages ranked in SQL, the notes of the unmet indicators and the open
warnings (`criteria.selectors.month_figures`). The criterion and village pages, which
show every village, evaluate `build_status` over `latest_records`."""

from dashboard.selectors.criterion import CriterionPage, criterion_page
from dashboard.selectors.overview import Dashboard, UnknownIndicator, dashboard
from dashboard.selectors.village import VillagePage, village_page

__all__ = [
    "CriterionPage",
    "Dashboard",
    "UnknownIndicator",
    "VillagePage",
    "criterion_page",
    "dashboard",
    "village_page",
]
