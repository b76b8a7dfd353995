"""Checking and normalising the links moderators add to the library."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

from bot.surface.errors import UserFacingError
from cogs.resources import messages as words

MAX_URL_LENGTH = 500

# Link shorteners hide where a link goes; a member in a bad moment should see the real site.
SHORTENER_HOSTS = frozenset(
    {
        "bit.ly",
        "bitly.com",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "rebrand.ly",
        "cutt.ly",
        "shorturl.at",
        "tiny.cc",
        "rb.gy",
        "bl.ink",
        "t.ly",
        "s.id",
        "lnkd.in",
        "v.gd",
        "shorte.st",
        "adf.ly",
        "tiny.one",
        "qrco.de",
        "linktr.ee",
    }
)
INVITE_HOSTS = frozenset({"discord.gg", "discord.io", "discord.me", "discord.li", "dsc.gg"})
INVITE_PATH_HOSTS = frozenset({"discord.com", "discordapp.com"})
_TRACKING_PARAM = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


def _host_in(host: str, hosts: frozenset[str]) -> bool:
    """True if host is one of hosts or a subdomain of one."""
    return any(host == known or host.endswith("." + known) for known in hosts)


def check_url(raw: str) -> str:
    """The URL, trimmed, if a moderator may add it; else raise UserFacingError saying why."""
    url = raw.strip()
    if not url:
        raise UserFacingError(words.URL_EMPTY)
    if len(url) > MAX_URL_LENGTH:
        raise UserFacingError(words.URL_TOO_LONG.format(limit=MAX_URL_LENGTH))
    if re.search(r"\s", url):
        raise UserFacingError(words.URL_SPACES)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise UserFacingError(words.URL_SCHEME)
    try:
        host = (parts.hostname or "").lower().rstrip(".")
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise UserFacingError(words.URL_NO_HOST) from None
    if not host or "." not in host:
        raise UserFacingError(words.URL_NO_HOST)
    if parts.username or parts.password:
        raise UserFacingError(words.URL_CREDENTIALS)
    if _host_in(host, INVITE_HOSTS) or (
        _host_in(host, INVITE_PATH_HOSTS) and parts.path.lower().startswith(("/invite", "/servers"))
    ):
        raise UserFacingError(words.URL_INVITE)
    if _host_in(host, SHORTENER_HOSTS):
        raise UserFacingError(words.URL_SHORTENER.format(host=host))
    return url


def url_key(url: str) -> str:
    """A form of the URL that two ways of writing the same page share (for duplicate detection)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAM.match(k))
    )
    return f"{host}{path}" + (f"?{query}" if query else "")


def title_key(title: str) -> str:
    """A form of the title ignoring case, accents, punctuation and spacing."""
    folded = unicodedata.normalize("NFKD", title.casefold())
    letters = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", letters))
