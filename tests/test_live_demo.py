"""`python -m bot demo --live` serves a working page: a slash command run over HTTP really posts."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

REPO = Path(__file__).resolve().parents[1]


class PreviewClient:
    """Speaks SimCord's preview HTTP protocol (version 3) the way its bundled page does."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http = http
        self.base, self.capability = url.split("/#", 1)
        self.sequence = 0
        self.page: dict[str, Any] = {}

    def headers(self, context: bool = True) -> dict[str, str]:
        headers = {"X-Simcord-Capability": self.capability}
        if context:
            headers["X-Simcord-Context"] = self.page["context"]["id"]
        return headers

    async def open_page(self, viewer_id: int) -> dict[str, Any]:
        async with self.http.post(
            f"{self.base}/api/pages", json={"viewer_id": str(viewer_id)}, headers=self.headers(context=False)
        ) as response:
            assert response.status == 200, await response.text()
            self.page = await response.json()
        return self.page

    async def state(self) -> dict[str, Any]:
        async with self.http.get(f"{self.base}/api/state", headers=self.headers()) as response:
            assert response.status == 200
            self.page = await response.json()
        return self.page

    async def run_command(self, invocation: str, **options: Any) -> dict[str, Any]:
        async with self.http.get(f"{self.base}/api/commands", headers=self.headers()) as response:
            catalog = await response.json()
        entry = next(e for e in catalog["entries"] if e["invocation"] == invocation)
        self.sequence += 1
        body = {
            "protocol_version": 3,
            "sequence": self.sequence,
            "request_id": f"test-{self.sequence}",
            "generation": self.page["context"]["generation"],
            "bot_generation": self.page["botGeneration"],
            "published_revision": self.page["publishedRevision"],
            "kind": "run_command",
            "command_id": entry["commandId"],
            "path": entry["path"],
            "schema_fingerprint": entry["schemaFingerprint"],
            "options": options,
        }
        async with self.http.post(f"{self.base}/api/action", json=body, headers=self.headers()) as response:
            assert response.status == 200
            result: dict[str, Any] = await response.json()
        await self.state()
        return result


async def test_live_demo_runs_win_from_the_web_page(tmp_path: Path) -> None:
    import simcord

    from bot.app import HearthBot
    from bot.demo.live import LiveDemo
    from bot.demo.script import DemoDay
    from bot.settings import Settings

    database = tmp_path / "hearth.db"
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        HEARTH_DATABASE=database,
        HEARTH_SECRET=SecretStr("demo-secret-not-for-production"),
        HEARTH_SHARD_COUNT=1,
        HEARTH_LOG_LEVEL="WARNING",
    )
    bot = HearthBot(settings)
    async with simcord.run(bot, check_errors=False) as env:
        day = DemoDay(env, database)
        await bot.tree.sync()
        day.build_world()
        await env.settle()
        assert await day.setup_server()
        live = LiveDemo(env, day, port=0)
        try:
            hub = await live.start()
            async with aiohttp.ClientSession() as http:
                async with http.get(hub) as response:
                    assert response.status == 200
                    page = await response.text()
                assert "Hearth live demo" in page and "Open #wins" in page
                async with http.get(hub, headers={"Host": "evil.example:80"}) as response:
                    assert response.status == 403
                async with http.post(f"{hub}open/wins", allow_redirects=False) as response:
                    assert response.status == 303
                    preview_url = response.headers["Location"]
                assert live.preview_channel == "wins"
                async with http.get(preview_url.split("#")[0]) as response:
                    assert response.status == 200
                    assert "viewer-picker" in await response.text()

                client = PreviewClient(http, preview_url)
                opened = await client.open_page(day.ana.id)
                assert {v["name"] for v in opened["viewers"]} == {"Ana", "Ben", "Sam", "Morgan"}
                assert opened["channel"]["name"] == "wins"
                result = await client.run_command("win", text="I cooked a real dinner for myself")
                assert not result["rejected"] and result["settlement"] == "settled", result

                posted = day.channels["wins"].last_message
                assert posted is not None and posted.embeds[0].description == "I cooked a real dinner for myself"
                assert posted.embeds[0].author.name == "Ana"
                shown = json.dumps(client.page["messages"])
                assert "I cooked a real dinner for myself" in shown
                async with http.get(hub) as response:
                    assert "I cooked a real dinner for myself" in await response.text()

                # Ben's crisis DM is the most important thing the demo shows: the hub lists it, and it opens
                # in the preview as Ben sees it.
                from bot.demo import steps

                with env.time_context():
                    assert await steps.crisis_gets_private_help_and_an_alert(day)
                async with http.get(hub) as response:
                    page = await response.text()
                assert "DMs with Ben" in page and "People you can reach right now" in page
                async with http.post(f"{hub}open-dm/Ben", allow_redirects=False) as response:
                    assert response.status == 303
                    dm_url = response.headers["Location"]
                async with http.post(f"{hub}open-dm/Nobody", allow_redirects=False) as response:
                    assert response.status == 404
                dm = PreviewClient(http, dm_url)
                await dm.open_page(day.ben.id)
                shown = json.dumps(dm.page["messages"])
                assert "People you can reach right now" in shown and "check in with me" in shown
        finally:
            await live.stop()
            await bot.db.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery to a child process")
def test_demo_live_cli_serves_until_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--live", "--port", "0", "--no-script"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 120
        url = None
        while url is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            found = re.search(r"open (http://127\.0\.0\.1:\d+/) in a browser", line)
            url = found.group(1) if found else None
        assert url, "the live demo never printed its address"
        import urllib.request

        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            assert "Open #general" in response.read().decode()
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
        assert process.returncode == 0
        assert "database are closed" in rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
