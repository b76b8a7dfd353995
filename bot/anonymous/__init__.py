"""Anonymous sharing: decisions (who may post, what is posted, who may act on a post) behind the cog."""

from bot.anonymous.service import AnonymousService, Draft, Refused, parse_duration

__all__ = ["AnonymousService", "Draft", "Refused", "parse_duration"]
