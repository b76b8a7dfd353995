"""Safety-plan decisions: the plan's encryption, its steps, and when a check-in may be sent (no discord.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.core.crypto import Sealer
from cogs.safetyplan import messages as words
from cogs.safetyplan.messages import STEP_KEYS

KEY_VERSION = 1
PURPOSE = "safety-plan"
STEP_LIMIT = 700  # characters per step: all seven fit in one embed (Discord allows 6,000 in all)
CHECKIN_AT = time(10, 0)  # the next day, in the member's own timezone
DAY_STARTS = time(9, 0)  # a check-in is never sent at night: only between these hours, local time
DAY_ENDS = time(21, 0)
SMALL_HOURS_END = time(5, 0)  # asked at 02:00, "tomorrow" is this morning
GIVE_UP_AFTER = timedelta(hours=48)  # down longer than this and "tomorrow" is no longer true


class PlanCipher:
    """Encrypts a plan (AES-256-GCM, key derived from the operator's secret) bound to its owner's id."""

    def __init__(self, secret: bytes) -> None:
        self._sealer = Sealer(secret, PURPOSE)

    @staticmethod
    def _bound_to(user_id: int) -> bytes:
        return f"hearth:safety-plan:{user_id}".encode()

    def seal(self, steps: dict[str, str], user_id: int) -> bytes:
        """The ciphertext of a plan; equal plans never look equal (fresh nonce)."""
        payload = json.dumps({"v": KEY_VERSION, "steps": clean_steps(steps)}, ensure_ascii=False)
        return self._sealer.seal(payload.encode("utf-8"), self._bound_to(user_id))

    def open(self, blob: bytes, user_id: int) -> dict[str, str] | None:
        """The plan's steps, or None if it was not sealed with this secret for this person."""
        raw = self._sealer.open(blob, self._bound_to(user_id))
        if raw is None:
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        steps = data.get("steps") if isinstance(data, dict) else None
        return clean_steps(steps) if isinstance(steps, dict) else None


def clean_steps(steps: Mapping[str, object]) -> dict[str, str]:
    """Only known steps, as trimmed text within the limit, blanks dropped, in the plan's order."""
    cleaned: dict[str, str] = {}
    for key in STEP_KEYS:
        value = steps.get(key)
        if isinstance(value, str) and value.strip():
            cleaned[key] = value.strip()[:STEP_LIMIT]
    return cleaned


def with_step(steps: dict[str, str], key: str, text: str) -> dict[str, str]:
    """The plan with one step written (or blanked, for empty text)."""
    if key not in STEP_KEYS:
        raise ValueError(f"unknown step {key!r}")
    updated = dict(steps)
    updated[key] = text
    return clean_steps({k: v for k, v in updated.items() if k != key or text.strip()})


def step_number(key: str) -> int:
    """1-based position of a step."""
    return STEP_KEYS.index(key) + 1


def next_step(key: str) -> str | None:
    """The step after this one, or None after the last."""
    index = STEP_KEYS.index(key) + 1
    return STEP_KEYS[index] if index < len(STEP_KEYS) else None


def first_blank(steps: dict[str, str]) -> str:
    """Where to continue: the first step not written yet (else the first)."""
    return next((key for key in STEP_KEYS if key not in steps), STEP_KEYS[0])


@dataclass(frozen=True)
class LineForPlan:
    """One crisis line as the professionals step lists it."""

    service: str
    ways: str


def professionals_prefill(emergency: str | None, lines: list[LineForPlan], limit: int = STEP_LIMIT) -> str:
    """The starting text of 'Professionals and crisis lines' from the member's country (they can edit it)."""
    parts: list[str] = []
    if emergency:
        parts.append(words.PLAN_PREFILL_EMERGENCY.format(number=emergency))
    for line in lines:
        candidate = words.PLAN_PREFILL_LINES.format(service=line.service, ways=line.ways)
        if sum(len(p) + 1 for p in parts) + len(candidate) > limit - 60:
            break
        parts.append(candidate)
    parts.append(words.PLAN_PREFILL_OWN)
    return "\n".join(parts)[:limit]


# -- the next-day check-in ------------------------------------------------------------------------------


def checkin_moment(requested: datetime, zone: str) -> datetime:
    """'Tomorrow' at CHECKIN_AT in the member's timezone; asked in the small hours, it means after sleeping."""
    tz = ZoneInfo(zone)
    local = requested.astimezone(tz)
    day = local.date() if local.time() < SMALL_HOURS_END else local.date() + timedelta(days=1)
    moment = datetime.combine(day, CHECKIN_AT, tzinfo=tz)
    return moment.astimezone(ZoneInfo("UTC"))


def is_daytime(moment: datetime, zone: str) -> bool:
    """True between DAY_STARTS and DAY_ENDS in the member's timezone."""
    local = moment.astimezone(ZoneInfo(zone)).time()
    return DAY_STARTS <= local < DAY_ENDS


def next_daytime(moment: datetime, zone: str) -> datetime:
    """The next CHECKIN_AT (local) after `moment`: the same day if it is still morning, else the next."""
    tz = ZoneInfo(zone)
    local = moment.astimezone(tz)
    candidate = datetime.combine(local.date(), CHECKIN_AT, tzinfo=tz)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), CHECKIN_AT, tzinfo=tz)
    return candidate.astimezone(ZoneInfo("UTC"))


Delivery = Literal["send", "later", "expire", "wait"]


def delivery_now(now: datetime, due: datetime, zone: str) -> tuple[Delivery, datetime | None]:
    """What to do with a check-in at `now`: send it, wait until it is due, push it to daytime, or give up."""
    if now < due:
        return "wait", due
    if now - due > GIVE_UP_AFTER:
        return "expire", None
    if is_daytime(now, zone):
        return "send", None
    later = next_daytime(now, zone)
    if later - due > GIVE_UP_AFTER:
        return "expire", None
    return "later", later
