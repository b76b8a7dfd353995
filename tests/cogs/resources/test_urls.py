"""Links moderators add: http(s) only, no invites, no shorteners, each refused with its reason."""

from __future__ import annotations

import pytest

from bot.surface.errors import UserFacingError
from cogs.resources.urls import check_url, title_key, url_key


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "needs a link"),
        ("ftp://files.example.org/guide.pdf", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("https://localhost/page", "no site name"),
        ("https://discord.gg/abcdef", "invite"),
        ("https://discord.com/invite/abcdef", "invite"),
        ("https://bit.ly/3xyz", "bit.ly is a link shortener"),
        ("https://www.tinyurl.com/abc", "link shortener"),
        ("https://user:secret@example.org/", "username or password"),
        ("https://example.org/a page", "spaces"),
        ("https://example.org/" + "a" * 600, "longer than"),
    ],
)
def test_bad_links_are_refused_with_the_reason(url: str, reason: str) -> None:
    with pytest.raises(UserFacingError) as refused:
        check_url(url)
    assert reason in refused.value.message


def test_ordinary_links_are_accepted_as_typed() -> None:
    assert (
        check_url("  https://www.mind.org.uk/information-support/  ") == "https://www.mind.org.uk/information-support/"
    )
    assert check_url("http://example.org") == "http://example.org"
    assert check_url("https://discord.com/safety") == "https://discord.com/safety"


def test_the_same_page_written_differently_has_one_key() -> None:
    same = {
        url_key("https://www.Example.org/guide/"),
        url_key("http://example.org/guide"),
        url_key("https://example.org/guide?utm_source=newsletter#top"),
    }
    assert len(same) == 1
    assert url_key("https://example.org/guide?page=2") != url_key("https://example.org/guide")


def test_titles_compare_without_case_accents_or_punctuation() -> None:
    assert title_key("  Grief — and  ambiguous LOSS! ") == title_key("grief and ambiguous loss")
    assert title_key("Café") == title_key("cafe")
