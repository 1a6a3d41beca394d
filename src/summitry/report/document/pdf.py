"""Render the HTML report to PDF with WeasyPrint (the ``report`` extra; needs pango)."""

from __future__ import annotations

from summitry.errors import SummitryError

__all__ = ["render_pdf"]


def render_pdf(html: str) -> bytes:
    """PDF bytes of a self-contained HTML report (no base URL: nothing is fetched)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango missing
        raise SummitryError(
            f"PDF output needs WeasyPrint and pango ({exc}). Fix: install the 'report' extra "
            "(pip install 'summitry[report]') and the system package libpango, or use "
            "--format html/md"
        ) from None

    def no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        raise SummitryError(f"the report tried to fetch {url}")

    return bytes(weasyprint.HTML(string=html, url_fetcher=no_fetch).write_pdf())
