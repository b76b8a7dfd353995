"""Safety-plan units: the cipher, the steps, the check-in's timing (never at night), the wording limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from cogs.safetyplan import messages as words
from cogs.safetyplan import service
from cogs.safetyplan.plans import plan_embed
from cogs.safetyplan.service import PlanCipher

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Manila",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "America/St_Johns",
]
moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC))
step_text = st.text(min_size=0, max_size=900)


@given(st.dictionaries(st.sampled_from(words.STEP_KEYS), step_text), st.integers(min_value=1, max_value=2**63 - 1))
def test_a_plan_round_trips_only_for_its_owner_and_secret(steps: dict[str, str], user_id: int) -> None:
    cipher = PlanCipher(b"operator secret")
    blob = cipher.seal(steps, user_id)
    assert cipher.open(blob, user_id) == service.clean_steps(steps)
    assert cipher.open(blob, user_id + 1) is None
    assert PlanCipher(b"another secret").open(blob, user_id) is None
    assert cipher.seal(steps, user_id) != blob  # a fresh nonce: equal plans never look equal
    for text in service.clean_steps(steps).values():
        if len(text) >= 8:
            assert text.encode() not in blob


def test_a_tampered_ciphertext_does_not_open() -> None:
    cipher = PlanCipher(b"operator secret")
    blob = bytearray(cipher.seal({"reasons": "my cat"}, 7))
    blob[20] ^= 1
    assert cipher.open(bytes(blob), 7) is None
    assert cipher.open(b"short", 7) is None


@given(st.dictionaries(st.sampled_from(words.STEP_KEYS), st.text(min_size=1, max_size=2000)))
def test_the_whole_plan_always_fits_one_embed(steps: dict[str, str]) -> None:
    embed = plan_embed(service.clean_steps(steps))
    assert len(embed) <= 6000
    assert all(len(field.value or "") <= 1024 for field in embed.fields)


def test_step_wording_fits_discords_limits() -> None:
    assert len(words.STEPS) == 7 and len(set(words.STEP_KEYS)) == 7
    for step in words.STEPS:
        assert len(step.question) <= 45, step.key  # a modal label
        assert len(step.hint) <= 100, step.key  # a placeholder
    for label in [
        words.OPEN_LABEL,
        words.MAKE_LABEL,
        words.TEAM_NAMED_LABEL,
        words.TEAM_ANON_LABEL,
        words.CHECKIN_OFFER_LABEL,
        *words.ANSWER_LABELS.values(),
    ]:
        assert len(label) <= 80


def test_writing_a_blank_step_clears_it_and_unknown_steps_are_refused() -> None:
    steps = service.with_step({}, "coping", "  music  ")
    assert steps == {"coping": "music"}
    assert service.with_step(steps, "coping", "   ") == {}
    try:
        service.with_step(steps, "nope", "x")
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown step was accepted")


def test_professionals_prefill_lists_the_lines_and_leaves_room_to_edit() -> None:
    lines = [service.LineForPlan(f"Line {i}", "phone 0800 000 000") for i in range(100)]
    text = service.professionals_prefill("112", lines)
    assert text.startswith("Emergency: 112") and "Line 0: phone" in text
    assert len(text) <= service.STEP_LIMIT and text.endswith(words.PLAN_PREFILL_OWN)


@settings(max_examples=300)
@given(moments, st.sampled_from(ZONES))
def test_a_check_in_is_planned_for_the_next_morning_in_the_members_zone(requested: datetime, zone: str) -> None:
    due = service.checkin_moment(requested, zone)
    local_due = due.astimezone(ZoneInfo(zone))
    local_asked = requested.astimezone(ZoneInfo(zone))
    assert local_due.hour == 10 and local_due.minute == 0
    assert service.is_daytime(due, zone)
    assert timedelta(hours=5) <= due - requested <= timedelta(hours=35)
    expected_day = local_asked.date() + timedelta(days=0 if local_asked.hour < 5 else 1)
    assert local_due.date() == expected_day


@settings(max_examples=300)
@given(moments, st.sampled_from(ZONES), st.integers(min_value=0, max_value=72 * 60))
def test_a_check_in_is_never_sent_at_night_and_never_days_late(requested: datetime, zone: str, late: int) -> None:
    due = service.checkin_moment(requested, zone)
    now = due + timedelta(minutes=late)
    decision, later = service.delivery_now(now, due, zone)
    if decision == "send":
        assert service.is_daytime(now, zone) and now - due <= service.GIVE_UP_AFTER
    elif decision == "later":
        assert later is not None and later > now and service.is_daytime(later, zone)
        assert later - due <= service.GIVE_UP_AFTER
    else:
        assert decision == "expire" and now - due > timedelta(hours=12)
    assert service.delivery_now(due - timedelta(minutes=1), due, zone) == ("wait", due)


def test_nighttime_catch_up_moves_to_the_morning() -> None:
    zone = "Europe/Berlin"
    due = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    night = datetime(2026, 3, 3, 22, 30, tzinfo=UTC)  # 23:30 in Berlin: the bot just came back
    decision, later = service.delivery_now(night, due, zone)
    assert decision == "later" and later == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
