"""Browser check for the live demo (`make browser-check`; never run by CI).

Starts `python -m bot demo --live` on a free port, opens the hub page in headless Debian chromium (Selenium
with Debian's chromedriver), opens #wins, picks Ben as the viewer, runs `/win` through the composer, waits
until the win is shown in #wins (in the preview and on the hub page), and saves docs/live-demo.latest.png
(git-ignored; copy it over docs/live-demo.png on purpose to update the README's picture).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "docs" / "live-demo.latest.png"
WIN = "I answered an old friend's message today"


def start_demo() -> tuple[subprocess.Popen[str], str]:
    """The live demo in a child process; returns it and the hub URL it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--live", "--port", "0"],
        cwd=REPO,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = re.search(r"open (http://127\.0\.0\.1:\d+/) in a browser", line)
        if found:
            return process, found.group(1)
    process.kill()
    raise SystemExit("the live demo did not print its address")


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def check(driver: webdriver.Chrome, hub: str) -> None:
    wait = WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException))
    driver.get(hub)
    wait.until(ec.title_contains("Hearth live demo"))
    driver.find_element(By.XPATH, "//button[normalize-space()='Open #wins']").click()

    # The preview page: pick a member, then run /win through the composer.
    def pick_ben(d: webdriver.Chrome) -> bool:
        picker = Select(d.find_element(By.ID, "viewer-picker"))
        names = [o.text for o in picker.options]
        if not any("Ben" in name for name in names):
            return False
        if "Ben" not in picker.first_selected_option.text:
            picker.select_by_visible_text(next(name for name in names if "Ben" in name))
            return False
        return True

    wait.until(pick_ben)  # the page re-renders its picker as it loads; try again until Ben is selected
    composer = wait.until(ec.element_to_be_clickable((By.ID, "channel-composer-input")))
    composer.click()
    composer.send_keys("/win")
    wait.until(
        ec.element_to_be_clickable(
            (By.XPATH, "//div[contains(@class,'command-entry')][.//strong[normalize-space()='/win']]")
        )
    ).click()
    field = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "input.command-option-input[data-option='text']")))
    field.send_keys(WIN)
    field.send_keys(Keys.ENTER)

    timeline = (By.ID, "channel-message-list")
    wait.until(ec.text_to_be_present_in_element(timeline, WIN))
    shown = driver.find_element(*timeline).text
    assert WIN in shown and "Ben" in shown, shown
    time.sleep(1)  # let fonts and the celebration reactions settle for the picture
    SCREENSHOT.parent.mkdir(exist_ok=True)
    driver.save_screenshot(str(SCREENSHOT))

    driver.get(hub)  # the hub page shows every channel: the win is in #wins there too
    wins = wait.until(ec.presence_of_element_located((By.ID, "channel-wins"))).text
    assert WIN in wins, wins


def main() -> int:
    process, hub = start_demo()
    driver = None
    try:
        driver = browser()
        check(driver, hub)
        print(f"browser check passed: /win from the page appeared in #wins; screenshot at {SCREENSHOT}")
        return 0
    finally:
        if driver is not None:
            driver.quit()
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    raise SystemExit(main())
