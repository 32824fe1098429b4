import datetime
from types import SimpleNamespace

from django import forms

from villages.conflicts import Change, StaleEdit, VersionMarkerField, is_stale, version_marker


class MarkerForm(forms.Form):
    version = VersionMarkerField()


def test_marker_names_the_row_and_its_version():
    row = SimpleNamespace(pk=12, version=3)
    assert version_marker(row) == "12:3"
    assert version_marker(None) == ""
    assert not is_stale(row, "12:3")
    assert is_stale(row, "12:2") and is_stale(SimpleNamespace(pk=13, version=3), "12:3")


def test_marker_field_accepts_empty_but_not_missing_or_damaged():
    assert MarkerForm({"version": ""}).is_valid()
    assert MarkerForm({"version": "4:1"}).is_valid()
    assert not MarkerForm({}).is_valid()
    assert not MarkerForm({"version": "1"}).is_valid()


def test_message_says_what_who_when_and_the_current_value(django_user_model, db):
    user = django_user_model(username="thuongtruc", first_name="Lan", last_name="Nguyễn")
    at = datetime.datetime(2024, 3, 20, 2, 5, tzinfo=datetime.UTC)  # 09:05 in Hà Nội
    error = StaleEdit([Change(what="Thôn Hợp Lộc – 17.1", current="20/215", by=user, at=at)])
    message = error.messages[0]
    for part in ("Thôn Hợp Lộc – 17.1", "Lan Nguyễn", "09:05 20/03/2024", "20/215"):
        assert part in message
    assert "Chưa lưu gì" in message
