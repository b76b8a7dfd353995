"""Words for /privacy, /mydata and /forgetme."""

from __future__ import annotations

PRIVACY_TITLE = "What Hearth keeps about you"
PRIVACY_INTRO = (
    "Hearth keeps only what it needs to do the things you ask of it. Nothing here is sold or shared. "
    "Everything below can be downloaded with `/mydata` and deleted with `/forgetme`."
)
PRIVACY_INTRO_DM = (
    PRIVACY_INTRO + "\nEach server chooses its own retention periods; use `/privacy` inside a server to see "
    "that server's numbers. The numbers below are Hearth's defaults."
)

# (area, what is stored). One entry per part of the bot; keep them short and concrete.
STORED_AREAS: tuple[tuple[str, str], ...] = (
    (
        "Server settings",
        "Which channels and roles Hearth uses. If you are a moderator, each settings change "
        "you make is logged with your name so the team can see who changed what.",
    ),
    (
        "Daily prompts",
        "Prompt suggestions you send, and whether they were accepted. Your replies in prompt "
        "threads are ordinary Discord messages; Hearth does not copy them.",
    ),
    (
        "Anonymous posts",
        "The text of each anonymous post, its pseudonym, and a locked author link (a keyed "
        "hash, never your user id) so you can manage your post and moderators can act on it without learning "
        "who you are. The author link is erased after the retention period below.",
    ),
    (
        "Talking to the team (/talk)",
        "The team's record of each conversation (its number, topic, the name it was made under, and when it "
        "opened and closed) and, while it is needed, a locked link to you (a keyed hash and your id sealed with "
        "the server's key) so replies reach you. Messages are kept only until they are delivered. The link is "
        "cut after the /talk retention period below; the team's thread stays with no way back to you.",
    ),
    (
        "Wins and celebrations",
        "Wins you share (the text and where it was posted) and whether you chose to be named in the weekly digest.",
    ),
    (
        "Day counters and slips",
        "Your private counters: what you count, when you started, slips you recorded "
        "and milestones reached. Only you see them.",
    ),
    (
        "Reports and moderation",
        "Reports you make (who or what you reported, and why). Warnings, timeouts and "
        "moderator notes about you. When a message is reported or flagged for crisis language, moderators get "
        "a copy to handle it; that copy is deleted after the incident retention period.",
    ),
    (
        "Joining and the spam guard",
        "When you agreed to the guidelines, and any action the spam guard took on "
        "your account (the action, not your message).",
    ),
    (
        "Crisis support",
        "The country you saved so Hearth can show you the right crisis lines, and any check-in you asked the team for.",
    ),
    (
        "Your safety plan and check-ins",
        "Your safety plan, if you made one: encrypted, and shown only ever to you (no moderator can read it). "
        "Any next-day check-in you asked for, and how you answered it. /forgetme deletes both.",
    ),
    (
        "Your language",
        "When your Discord app is set to a language Hearth speaks other than English, that language, so that "
        "messages Hearth sends you outside a reply (a milestone, a check-in, an answer from the team) are in it. "
        "One record for every server; /forgetme deletes it.",
    ),
    (
        "Leaving",
        "If you leave a server, the date you left, so your data there can be deleted after the "
        "grace period (or kept if you come back).",
    ),
)

NEVER_STORED_TITLE = "Never stored"
NEVER_STORED = (
    "• Your ordinary messages. Hearth reads messages in support channels to notice crisis language, "
    "then lets them go; it keeps a copy only when one is reported or flagged.\n"
    "• Who wrote an anonymous post, once its author link has expired. After that nobody, including Hearth "
    "and the moderators, can find out.\n"
    "• Your user id beside anonymous posts, in logs or anywhere moderators can see.\n"
    '• Who pressed "This number didn\'t work" under the crisis lines: only the line and a count are kept.\n'
    "• Anything from servers you share with Hearth that you never used it in."
)

RETENTION_TITLE = "How long things are kept"
RETENTION_LINES = (
    "• Anonymous author links: {anon}.\n"
    "• Links between a closed /talk conversation and you: {talk_days} days after it closed.\n"
    "• Copies of reported or flagged messages: {incident_days} days after the incident is resolved.\n"
    "• If you leave the server: your data is deleted {leave} unless you come back.\n"
    "• If Hearth is removed from the server: everything of that server is deleted after {guild_days} days "
    "(so re-adding it by mistake loses nothing).\n"
    "• Everything else: until you delete it with `/forgetme` or a moderator removes it.\n"
    "• `/forgetme` {infractions}."
)
ANON_NEVER_KEPT = "not kept at all in this server"
ANON_DAYS = "erased after {days} days"
LEAVE_AT_ONCE = "within a day"
LEAVE_DAYS = "after {days} days"
INFRACTIONS_KEPT = "keeps warnings, timeouts and moderator notes about you (this server's policy)"
INFRACTIONS_DELETED = "also deletes warnings, timeouts and moderator notes about you (this server's policy)"
INFRACTIONS_DEPENDS = "keeps or deletes warnings and moderator notes as each server's policy says"

COMMANDS_TITLE = "Your commands"
COMMANDS = (
    "`/privacy` this explanation\n"
    "`/mydata` download everything Hearth holds about you, as a private file\n"
    "`/forgetme` delete it (asks first). In a DM with Hearth, these cover every server at once."
)

# /mydata
EXPORT_SCOPE_SERVER = "this server ({name})"
EXPORT_SCOPE_ALL = "every server"
EXPORT_READY = (
    "Here is everything Hearth holds about you in {scope}. Only you can see this message and the file.\n{summary}"
)
EXPORT_NOTHING = "Hearth holds nothing about you in {scope}."
EXPORT_SUMMARY_LINE = "• {label}: {count}"
EXPORT_TOO_BIG = (
    "Your data is larger than Discord lets me send in one file. Please ask a moderator; they can ask the "
    "operator for a copy."
)
STORE_LABELS: dict[str, str] = {
    "server_settings": "Settings changes you made",
    "pseudonym_salts": "Pseudonym keys",
    "departures": "Servers you left",
    "day_counters": "Day counters and your counter timezone",
    "small_wins": "Wins and celebrations you gave",
    "anonymous_sharing": "Anonymous posts still linked to you",
    "anonymous_rate_limit": "Anonymous posts counted against the hourly limit",
    "moderation": "Reports, alerts and moderation records",
    "onboarding": "Guidelines you agreed to",
    "prompts": "Prompt suggestions and prompts you added",
    "resources": "Your crisis-line country and resources you added",
    "spam_guard": "Spam-guard actions",
    "talk_to_the_team": "Conversations with the team still linked to you",
    "safety_plan": "Your safety plan and check-ins",
    "language": "The language of your Discord app",
}

# /forgetme: what would go, as it reads in a sentence ("your wins, your day counters and …")
FORGET_PHRASES: dict[str, str] = {
    "server_settings": "the record of settings you changed",
    "pseudonym_salts": "your pseudonym keys",
    "departures": "the note that you left a server",
    "day_counters": "your day counters",
    "small_wins": "your small wins (with the celebrations you gave)",
    "anonymous_sharing": "the links between you and your anonymous posts",
    "anonymous_rate_limit": "the count of your recent anonymous posts",
    "talk_to_the_team": "the links between you and your conversations with the team",
    "safety_plan": "your safety plan and the check-ins you asked for",
    "moderation": "reports you made and moderation records",
    "onboarding": "when you agreed to the guidelines",
    "prompts": "your prompt suggestions",
    "resources": "your saved crisis-line country and resources you added",
    "spam_guard": "spam-guard actions on your account",
    "language": "the language Hearth keeps for messages to you",
}
FORGET_OTHER_PHRASE = "other records about you"
FORGET_AND = " and "

FORGET_ASK_SERVER = (
    "This deletes everything Hearth holds about you in **{scope}**: {summary}. It can't be undone; "
    "`/mydata` first if you'd like a copy.\n{infractions}"
)
FORGET_ASK_ALL = (
    "This deletes everything Hearth holds about you in **every server**: {summary}. It can't be undone; "
    "`/mydata` first if you'd like a copy.\n{infractions}"
)
FORGET_NOTHING_HELD = "nothing is stored right now, but any author links will be removed too"
FORGET_POSTS_QUESTION = (
    "Hearth also posted {count} message(s) for you (anonymous posts or wins). Choose whether to delete "
    "those from Discord as well."
)
FORGET_INFRACTIONS_KEPT = "Warnings, timeouts and moderator notes about you are **kept**: this server's policy."
FORGET_INFRACTIONS_DELETED = "Warnings, timeouts and moderator notes about you are **deleted** too."
FORGET_INFRACTIONS_KEPT_IN = (
    "Warnings, timeouts and moderator notes about you are **kept** in: {servers} (their policy); "
    "elsewhere they are deleted."
)
FORGET_INFRACTIONS_KEPT_BY_POLICY = (
    "Warnings, timeouts and moderator notes about you are **kept** only by servers whose policy keeps them, "
    "and only where they have some; everything else is deleted."
)
FORGET_INFRACTIONS_NONE_KEPT = "Warnings, timeouts and moderator notes about you are **deleted** too."
BUTTON_DELETE = "Delete my data"
BUTTON_DELETE_WITH_POSTS = "Delete my data and my posts"
BUTTON_CANCEL = "Keep everything"
FORGET_CANCELLED = "Nothing was deleted."
FORGET_DONE = "Done. Hearth no longer holds your data in {scope}. {infractions}"
FORGET_POSTS_DONE = " {deleted} of your posts were removed from Discord."
FORGET_POSTS_PARTLY = (
    " {deleted} of your posts were removed; {failed} could not be (already gone, or I lack permission "
    "there). A moderator can remove those for you."
)
FORGET_POSTS_KEPT = " Your posts on Discord were left in place; they no longer link back to you."
FORGET_FAILED = (
    "Something went wrong and **nothing** was deleted: your data is exactly as it was. Please try again "
    "in a moment, or give a moderator this reference: `{code}`."
)


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "privacy")
