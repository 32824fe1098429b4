"""Evidence files (minh chứng): the decisions, minutes, contracts, photos and statistics
tables that prove an indicator is met, and the dossier built from them.

Its own app because it attaches to items of several floors — an indicator's figure for a
month (criteria), a task's progress entry (plans), a body's monthly report (reports, to
become submissions) — so it sits above all of them and imports them; nothing below
imports it. The pages of those floors show evidence through this app's template tags
(`{% load evidence %}`, see evidence/templatetags/evidence.py), and the dashboard reads
it like every other floor.
"""
