"""Batch assessment: JSON lines in, one JSON line of results out per message."""

from __future__ import annotations

import json
import logging
from typing import TextIO

from cogs.safety.assessment import NO_RISK, Assessment
from cogs.safety.detector import CrisisDetector, default_detector

__all__ = ["scan_stream"]

log = logging.getLogger(__name__)

_BATCH = 512


def result_fields(assessment: Assessment) -> dict[str, object]:
    """The JSON fields of one result: `level` is crisis exactly when moderators would be alerted about the writer."""
    return {
        "level": assessment.level.value,
        "categories": [c.value for c in assessment.categories],
        "signals": [s.value for s in assessment.signals],
        "modifiers": [m.value for m in assessment.modifiers],
        "other_person": assessment.other_person.value,
        "other_signals": [s.value for s in assessment.other_signals],
        "now": assessment.now,
    }


_NO_RISK_LINE = json.dumps(result_fields(NO_RISK))


def _result_line(line: str, detector: CrisisDetector) -> str:
    """The output line for one non-blank input line."""
    try:
        item = json.loads(line)
    except ValueError:
        return '{"error": "not valid JSON"}'
    if not isinstance(item, dict):
        return '{"error": "expected a JSON object"}'
    text = item.get("text")
    if not isinstance(text, str):
        return '{"error": "\\"text\\" must be a string"}'
    assessment = detector.assess(text)
    if assessment is NO_RISK:
        return _NO_RISK_LINE
    return json.dumps(result_fields(assessment))


def scan_stream(inp: TextIO, out: TextIO, detector: CrisisDetector | None = None) -> int:
    """Assess JSON lines {"text": ...} from inp, writing one result line per message to out, in order.

    Blank (whitespace-only) input lines are skipped: they produce no output line
    and are not counted. A malformed line produces {"error": "<short reason>"} in
    its place. Returns the number of lines processed (results plus errors).
    """
    detector = detector or default_detector()
    processed = 0
    errors = 0
    pending: list[str] = []
    for line in inp:
        if not line.strip():
            continue
        result = _result_line(line, detector)
        if result.startswith('{"error"'):
            errors += 1
        pending.append(result)
        processed += 1
        if len(pending) >= _BATCH:
            out.write("\n".join(pending) + "\n")
            pending.clear()
    if pending:
        out.write("\n".join(pending) + "\n")
    out.flush()
    log.info("safety scan processed %d lines (%d malformed)", processed, errors)
    return processed
