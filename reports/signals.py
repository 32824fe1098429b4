"""Events of the commune's report that the floors above may act on (notifications
listens), sent after the commit through `submissions.signals.announce`."""

from __future__ import annotations

from django.dispatch import Signal

# report: the MonthlyReport just approved; user: the head who approved it.
monthly_report_approved = Signal()
# receipt: the ProvinceReceipt the province just returned with a note; user: who did.
receipt_returned = Signal()
