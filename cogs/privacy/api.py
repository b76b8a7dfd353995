"""What the privacy feature offers others: the shape of a retention task its daily pass runs."""

from cogs.privacy.service import RetentionTask

__all__ = ["RetentionTask"]
