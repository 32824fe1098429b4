"""Helpers for the Excel template tests: download, fill with openpyxl, upload."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

MARCH_URL = "/months/2024-03/"


def download(client: Any, query: str = "", month_url: str = MARCH_URL) -> bytes:
    response = client.get(f"{month_url}excel/{query}")
    assert response.status_code == 200, response.status_code
    return response.content


def locate(workbook: Any, code: str, field: str, place: str | None = None) -> Any:
    """The input cell (column E) of `code`'s `field` ("numerator", "met", …) on the sheet
    `place` (default: the only or first sheet holding it)."""
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible" or (place and sheet.title != place):
            continue
        for row in range(4, sheet.max_row + 1):
            key = sheet.cell(row, 8).value
            if sheet.cell(row, 1).value == code and key and key.endswith(f"-{field}"):
                return sheet.cell(row, 5)
    raise KeyError((code, field, place))


Changes = dict[tuple[str, str] | tuple[str, str, str], Any]


def fill(content: bytes, changes: Changes) -> bytes:
    return fill_workbook(load_workbook(io.BytesIO(content)), changes)


def fill_workbook(workbook: Any, changes: Changes) -> bytes:
    """`changes` written into an open workbook, saved: the file's bytes."""
    for key, value in changes.items():
        locate(workbook, *key).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client: Any, content: bytes, name: str = "mau.xlsx", month_url: str = MARCH_URL):
    file = io.BytesIO(content)
    file.name = name
    return client.post(f"{month_url}excel/upload/", {"file": file})
