"""The safety scan command's stream: JSON lines in, JSON lines out, in order."""

from __future__ import annotations

import io
import json

from cogs.safety.api import scan_stream


def test_scan_round_trip_keeps_order_and_handles_bad_lines() -> None:
    lines = [
        json.dumps({"text": "i want to kill myself"}),
        json.dumps({"text": "made pancakes today"}),
        "{not json",
        "",
        json.dumps(["a list"]),
        json.dumps({"text": 42}),
        json.dumps({"text": "i feel like such a burden"}),
    ]
    out = io.StringIO()
    processed = scan_stream(io.StringIO("\n".join(lines) + "\n"), out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert processed == 6  # the blank line is skipped and not counted
    assert len(results) == 6
    assert results[0]["level"] == "crisis"
    assert "active_ideation" in results[0]["categories"]
    assert results[1]["level"] == "none" and results[1]["categories"] == []
    assert results[1]["other_person"] == "none" and results[1]["signals"] == []
    assert "active_thoughts" in results[0]["signals"]
    assert results[2] == {"error": "not valid JSON"}
    assert results[3] == {"error": "expected a JSON object"}
    assert "error" in results[4]
    assert results[5]["level"] == "concern"


def test_scan_of_empty_input_writes_nothing() -> None:
    out = io.StringIO()
    assert scan_stream(io.StringIO(""), out) == 0
    assert out.getvalue() == ""


def test_scan_reports_the_third_party_outcome_and_keeps_level_about_the_writer() -> None:
    lines = [
        json.dumps({"text": "my sister just took a handful of pills"}),
        json.dumps({"text": "my friend says she wants to end it"}),
        json.dumps({"text": "i dont want to die, i want to live"}),
    ]
    out = io.StringIO()
    scan_stream(io.StringIO("\n".join(lines) + "\n"), out)
    danger, worried, negated = (json.loads(line) for line in out.getvalue().splitlines())
    assert danger["other_person"] == "in_danger_now" and danger["level"] == "none"
    assert worried["other_person"] == "at_risk" and worried["level"] == "none"
    assert negated["level"] == "none" and "negated" in negated["modifiers"]
