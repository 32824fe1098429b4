"""PDF documents with WeasyPrint: snapshot → HTML (a Django template) → bytes.

The only font is the bundled Liberation Serif (Times New Roman metrics, every Vietnamese
glyph, SIL OFL), declared with @font-face and fetched by `BundledFontFetcher`, which
serves the font files and refuses every other URL: the PDF embeds that font and nothing
from the machine, so it is the same everywhere, and a document can fetch nothing from a
network."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "liberation-serif"
FONT_FAMILY = "LiberationSerif"
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


class PdfRenderError(Exception):
    """WeasyPrint could not produce the PDF (the XLSX does not depend on it)."""


def font_faces() -> list[dict[str, str]]:
    return [
        {"weight": weight, "style": style, "url": (FONT_DIR / name).as_uri()}
        for (weight, style), name in FONT_FILES.items()
    ]


@cache
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = {(FONT_DIR / name).as_uri(): str(FONT_DIR / name) for name in FONT_FILES.values()}

    class BundledFontFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if url not in allowed:
                raise ValueError(f"Documents may only load the bundled fonts, not {url}")
            return URLFetcherResponse(
                url, body=_font_bytes(allowed[url]), headers={"Content-Type": "font/ttf"}
            )

    return BundledFontFetcher()


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone (the benchmark's baseline uses this too)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_fetcher())
    return document.write_pdf(font_config=font_config)


def monthly_html(data: dict[str, Any]) -> str:
    with translation.override("vi"):
        return render_to_string(
            "reports/pdf/monthly.html",
            {"data": data, "fonts": font_faces(), "font_family": FONT_FAMILY},
        )


def quarterly_html(data: dict[str, Any]) -> str:
    with translation.override("vi"):
        return render_to_string(
            "reports/pdf/quarterly.html",
            {"data": data, "fonts": font_faces(), "font_family": FONT_FAMILY},
        )


def _render(html: str) -> bytes:
    try:
        return html_to_pdf(html)
    except Exception as error:  # WeasyPrint, Pango, fonts: any failure means no PDF
        logger.exception("PDF rendering failed")
        raise PdfRenderError(str(error)) from error


def render_monthly_pdf(data: dict[str, Any]) -> bytes:
    return _render(monthly_html(data))


def render_quarterly_pdf(data: dict[str, Any]) -> bytes:
    return _render(quarterly_html(data))
