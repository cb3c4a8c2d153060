"""The README's pictures of the public site: a roll on a phone (390 px, at the phone's pixel
density) and at a desk (1366 x 768), from the demo served by the development server.

    .venv/bin/python docs/screenshots.py      # `make pictures` runs it after the demo is loaded

Drives Debian's Chromium through Playwright, as the browser tests do.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update"]  # fmt: skip
# (file, page, viewport, pixel density)
PICTURES = [
    ("roll-phone.png", "/honours/2024/lao-dong-tien-tien/", (390, 844), 2),
    ("roll-desktop.png", "/honours/2024/", (1366, 768), 1),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            sys.exit("the development server stopped")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("the development server did not start")


def main() -> None:
    port = free_port()
    environment = {**os.environ, "DEBUG": "true"}
    environment.setdefault("OFFICE_NAME", "Sở Nội vụ tỉnh Quảng Ninh")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
            for name, path, (width, height), density in PICTURES:
                page = browser.new_page(
                    viewport={"width": width, "height": height}, device_scale_factor=density
                )
                page.goto(f"http://127.0.0.1:{port}{path}")
                page.evaluate("document.fonts.ready")
                page.screenshot(path=ROOT / "docs" / "screenshots" / name)
                page.close()
                print(f"docs/screenshots/{name}")
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
