"""Headless Chromium for the browser tests: Debian's package, never a downloaded browser.

The flags keep Chromium off the network (the test machines' network is closed: background
requests would be refused) and out of the sandbox (CI runs as root).
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
