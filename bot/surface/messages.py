"""Words shared by every part: refusals, errors, permission names."""

NOT_FOR_YOU = {
    "peer_supporter": "This is for peer supporters and moderators of this server.",
    "moderator": "This is for moderators of this server. If you think you should have access, ask a moderator.",
    "admin": "This is for server admins (Manage Server or Administrator).",
}
GUILD_ONLY = "This works inside a server, not in DMs."
UNEXPECTED_ERROR = (
    "Something went wrong on my side and nothing was changed. If it keeps happening, "
    "give a moderator this reference: `{code}`."
)
COOLDOWN = "Please give it a moment and try again in {seconds} seconds."
BOT_MISSING_PERMISSIONS = "I can't do that here: I'm missing the **{permissions}** permission."
REPLY_CONTINUES_IN_FILE = "(This was too long for one message: all of it is in the attached {filename}.)"
TEXT_RETURNED = "Nothing you wrote is lost; here it is so you can keep it or try again:"
NOT_FROM_HERE = "This button belongs to another server's message, so it does nothing here."
NOT_YOUR_BUTTON = "These buttons belong to someone else's message."
FEATURE_OFF = "The {feature} part of Hearth is switched off in this server."
DURATION_REFUSED = "That duration didn't work: {reason}."
TIMEZONE_REFUSED = "That timezone didn't work: {reason}."
OPTION_NOT_UNDERSTOOD = "I couldn't use one of the values you gave; please check it and try again."
CHANNEL_NOT_SET = "A moderator hasn't chosen a {what} channel yet (`/setup`)."


def permission_label(name: str) -> str:
    """Discord's own wording for a permission flag name, e.g. send_messages -> Send Messages."""
    special = {
        "create_public_threads": "Create Public Threads",
        "send_messages_in_threads": "Send Messages in Threads",
        "manage_messages": "Manage Messages",
        "moderate_members": "Timeout Members",
        "manage_roles": "Manage Roles",
        "view_channel": "View Channel",
        "read_message_history": "Read Message History",
        "embed_links": "Embed Links",
        "add_reactions": "Add Reactions",
        "pin_messages": "Pin Messages",
    }
    return special.get(name, name.replace("_", " ").title())


# Why a post did not go out (delivery.post); shown inside longer sentences, so lower case.
# The channel slots by their settings key (`channels.<key>`), named as /setup names them: the {what} below.
CHANNEL_NAMES = {
    "prompts": "Daily prompts",
    "anonymous": "Anonymous sharing",
    "wins": "Small wins",
    "resources": "Resources",
    "mod_alerts": "Moderator alerts",
    "mod_log": "Mod log",
    "welcome": "Welcome",
}
CHANNEL_MISSING = "the {what} channel is not set or no longer exists"
MISSING_PERMISSION_IN = "I'm missing the **{permission}** permission in {channel}"
POST_REFUSED_IN = "Discord refused the post in {channel} (missing access)"
CHANNEL_GONE = "the {what} channel no longer exists"
DISCORD_TROUBLE = "Discord had a problem accepting the post; please try again in a moment"
DISCORD_TIMED_OUT = "Discord did not answer in time; please try again in a moment"
DISCORD_FORBIDDEN = "Discord didn't let me do that: I'm missing a permission for it here."

# Why Hearth will not repost a member's text, by `bot.surface.sanitize.ProblemKind`.
PROBLEM_REASONS: dict[str, str] = {
    "invite_link": (
        "Your text includes what looks like a Discord invite link. Hearth can't post invites to other "
        "servers — please remove it and try again."
    ),
    "phone_number": (
        "Your text includes what looks like a phone number. To keep everyone safe, Hearth can't post "
        "personal contact details — please remove it and try again."
    ),
    "email_address": (
        "Your text includes what looks like an e-mail address. To keep everyone safe, Hearth can't post "
        "personal contact details — please remove it and try again."
    ),
    "street_address": (
        "Your text includes what looks like a street address. To keep everyone safe, Hearth can't post "
        "where someone lives — please remove it and try again."
    ),
}
CHANNEL_NOT_IN_SERVER = "{path}: there is no channel {value} in this server (or I can't see it)"
ROLE_NOT_IN_SERVER = "{path}: there is no role {value} in this server"


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "surface")
