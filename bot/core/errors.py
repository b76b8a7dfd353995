"""The one kind of error whose message is meant for the person who caused it (no Discord needed)."""

from __future__ import annotations


class UserFacingError(Exception):
    """An expected problem whose message is safe and kind to show the member privately.

    Domain errors subclass it, so the Discord side lets them reach the one error path unchanged.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
