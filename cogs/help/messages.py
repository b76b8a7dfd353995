"""The words of /help."""

from __future__ import annotations

TITLE = "What Hearth can do"
INTRO = (
    "Everything here answers only you unless it says it posts. Type `/` and the command's name to use it; "
    "Discord shows what each option means."
)
SECTION = {
    0: "For everyone",
    1: "For peer supporters",
    2: "For moderators",
    3: "For server admins",
}
APPS_LINE = "Apps menu on a message → **{name}**"
SUBCOMMANDS = "{root} {subs}"
MEMBER_FOOTER = "Moderators have their own commands; they see them here too."
DM_FOOTER = "In a DM only the commands that work in DMs are listed; use /help in a server for the rest."
# Context menus carry no description on Discord; a test fails if one is missing here.
MENU_DESCRIPTIONS = {
    "Report to moderators": "send a message to the moderators privately, with an optional reason",
    "Reply anonymously": "answer an anonymous post without your name",
}


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "help")
