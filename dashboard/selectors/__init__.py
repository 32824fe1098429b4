"""The dashboard's reads: each page's data in a fixed number of queries, whatever the
number of villages and months stored. One module a page (`overview`, `criterion`,
`village`) and what they share (`shared`).

The status is the one computation of criteria/status.py: the month itself comes from
`criteria.selectors.build_status` over `latest_records`, and the 12-month trend
evaluates the same `build_status` month by month over one window of records (plus the
carry-in before it) fetched as plain tuples, instead of calling `commune_status` twelve
times."""

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
