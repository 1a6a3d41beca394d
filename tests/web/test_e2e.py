"""End to end in headless Chromium (Playwright) against a real ``summitry serve`` subprocess.

The browser is Debian's ``chromium`` (installed by ``make browser``), never a download.
Screenshots go to ``$SUMMITRY_ARTIFACTS/web`` (else the test's temp folder).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..browser import ARGS, CHROMIUM
from .conftest import FLAGSHIP, Server, artifacts_dir

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


@pytest.fixture
def page(server: Server) -> Iterator[Any]:
    """A browser page (1400x1000) whose console errors fail the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.set_default_timeout(180_000)  # a loaded 2-core CI machine
        try:
            yield pg
        finally:
            context.close()
            browser.close()
        assert errors == []


LIVE_DRAWS = 150_000


def _ready(pg: Any) -> None:
    pg.wait_for_selector("body[data-ready='1']")


def _probabilities(pg: Any) -> dict[str, str]:
    rows = pg.locator("#probabilities tbody tr")
    return {
        rows.nth(i).get_attribute("data-key"): rows.nth(i).locator("td").nth(2).inner_text()
        for i in range(rows.count())
    }


def _run_to_end(pg: Any, shots: Path, name: str) -> None:
    pg.wait_for_url("**/runs/*")
    pg.wait_for_selector("body[data-status]", timeout=300_000)
    assert pg.get_attribute("body", "data-status") == "done", pg.inner_text("#run-error")
    pg.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_studio_end_to_end(page: Any, server: Server, tmp_path: Path) -> None:
    pg, shots = page, artifacts_dir(tmp_path)
    base = server.url

    # the library lists the flagship
    pg.goto(base + "/")
    pg.wait_for_selector(f"tr[data-ref='{FLAGSHIP}']")
    pg.screenshot(path=str(shots / "01-library.png"), full_page=True)

    # a baseline run of the flagship as it is
    pg.goto(f"{base}/editor?ref={FLAGSHIP}")
    _ready(pg)
    assert pg.inner_text("#status").startswith("valid: ukr-rus-anchorage-2025")
    pg.fill("#draws", "6144")
    pg.fill("#seed", "11")
    pg.click("#run-btn")
    _run_to_end(pg, shots, "02-baseline-run")
    before = _probabilities(pg)
    assert "issue blocked:T_GUAR" in before

    # move Russia's reservation on T_GUAR in the form view; the YAML follows
    pg.goto(f"{base}/editor?ref={FLAGSHIP}")
    _ready(pg)
    pg.click(".tabs button[data-tab='form']")
    slider = "input[data-key='positions.RUS.T_GUAR.reservation']"
    pg.wait_for_selector(slider)
    pg.eval_on_selector(
        slider,
        "el => { el.value = 10; el.dispatchEvent(new Event('input', {bubbles: true}));"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }",
    )
    pg.wait_for_selector("body[data-patched='1']")
    assert "reservation: {triangular: [10, 10, 100]}" in pg.input_value("#yaml")
    pg.screenshot(path=str(shots / "03-form-slider.png"), full_page=True)

    # save the edits as a variant, then run them with live progress
    pg.fill("#variant-name", "guar-softer")
    pg.fill("#variant-title", "Russia accepts Western guarantees down to 10")
    pg.click("#variant-btn")
    pg.wait_for_selector("body[data-variant='data/guar-softer.yaml']")
    # enough draws (about 2 s of work) for the page to see the run part-way: the pre-screen
    # decides 6,144 flagship draws in a fraction of a second
    pg.fill("#draws", str(LIVE_DRAWS))
    pg.fill("#seed", "11")
    pg.click("#run-btn")
    pg.wait_for_url("**/runs/*")
    pg.wait_for_selector("body[data-saw-progress]", timeout=300_000)  # 0 < done < total
    pg.screenshot(path=str(shots / "04-progress.png"))
    assert 0 < int(pg.get_attribute("body", "data-saw-progress")) < LIVE_DRAWS
    _run_to_end(pg, shots, "05-variant-run")
    after = _probabilities(pg)
    assert after.keys() == before.keys()
    assert after["issue blocked:T_GUAR"] != before["issue blocked:T_GUAR"]
    assert pg.locator("#chart-outcomes .main-svg").count() > 0  # Plotly drew the chart

    # the report of this run, if the report workflow is installed
    if pg.is_visible("#report-btn"):
        with pg.expect_download(timeout=300_000) as dl:
            pg.click("#report-btn")
        target = shots / "report.html"
        dl.value.save_as(str(target))
        assert "<html" in target.read_text(encoding="utf-8")[:2000].lower()

    # compare the base with the variant, side by side
    pg.goto(f"{base}/compare?base={FLAGSHIP}")
    _ready(pg)
    assert pg.is_checked("input[value='data/guar-softer.yaml']")
    assert not pg.is_checked("input[value='bundled/putin-trump-talks.soft-lines.yaml']")
    pg.fill("#draws", "1024")
    pg.click("#compare-btn")
    _run_to_end(pg, shots, "06-compare")
    head = pg.inner_text("#compare-table thead")
    assert "ukr-rus-anchorage-2025" in head
    assert "ukr-rus-anchorage-2025.guar-softer" in head

    # a YAML error is shown at its line
    pg.goto(f"{base}/editor?ref={FLAGSHIP}")
    _ready(pg)
    text = pg.input_value("#yaml")
    bad = text.replace(
        "T_GUAR:   {ideal: 100, salience: 0.14,", "T_GUAR:   {ideal: 100, salience: x,"
    )
    line = next(i for i, s in enumerate(bad.splitlines(), 1) if "salience: x" in s)
    pg.eval_on_selector(
        "#yaml",
        "(el, text) => { el.value = text; el.dispatchEvent(new Event('input')); }",
        bad,
    )
    pg.wait_for_selector(f"#problems li[data-line='{line}']")
    assert pg.is_visible(f"#gutter span.bad[data-line='{line}']")
    assert "positions.RUS.T_GUAR.salience" in pg.inner_text("#problems")
    pg.click(f"#problems li[data-line='{line}']")
    pg.screenshot(path=str(shots / "07-yaml-error.png"), full_page=True)

    # GMCR view and run history
    pg.goto(f"{base}/gmcr?ref={FLAGSHIP}")
    _ready(pg)
    assert pg.locator("#equilibria tbody tr").count() == 5
    assert pg.locator("#states tbody tr").count() > 0
    pg.screenshot(path=str(shots / "08-gmcr.png"), full_page=True)
    pg.goto(f"{base}/runs")
    pg.wait_for_selector("#runs tbody tr")
    assert pg.locator("#runs tbody tr[data-status='done']").count() == 3
    pg.screenshot(path=str(shots / "09-runs.png"), full_page=True)
