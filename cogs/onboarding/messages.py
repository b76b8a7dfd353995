"""Words for welcoming new members and for the guidelines."""

WELCOME_LINE = "Welcome, {mention}. We're glad you found your way here."
WELCOME_DM = "Welcome to **{guild}**. We're glad you found your way here."
GUIDELINES_TITLE = "How we look after each other in {guild}"
AGREE_LABEL = "I agree"
AGREE_HINT = "Read these when you're ready, then press **I agree** to join the conversation."

AGREED = "Thank you. You now have the **{role}** role — welcome in. Take your time; there's no rush to share."
ALREADY_MEMBER = "You already have the **{role}** role, so there's nothing more to do. Welcome back."
NOT_IN_SERVER = "You're no longer in that server, so I can't give you its member role."
SERVER_UNAVAILABLE = "I can't reach that server right now. Please try again in a little while."
FEATURE_OFF = "Onboarding is switched off in this server, so there's no role to give. A moderator can help you."
TOO_NEW = (
    "Thank you for reading the guidelines. To keep this space safe from raids, this server asks for "
    "accounts at least {days} days old before giving the member role. Yours will be old enough on "
    "**{date}** ({relative}); please press **I agree** again then. You're welcome to read along until then."
)

# Why the role could not be given: first to the member (privately), then to the moderators.
ROLE_PROBLEM_MEMBER = {
    "not_set": "A moderator hasn't chosen the member role yet, so I can't give it to you. I've let them know.",
    "missing": "The member role this server set up no longer exists, so I can't give it to you. I've let the moderators know.",
    "managed": "The member role is managed by an integration, so I can't give it out. I've let the moderators know.",
    "no_manage_roles": (
        "I can't give you the member role because I'm missing the **Manage Roles** permission in this "
        "server. I've let the moderators know; you don't need to do anything."
    ),
    "above_bot": (
        "I can't give you the **{role}** role because it sits above my own role in the server's role list. "
        "I've let the moderators know; you don't need to do anything."
    ),
    "refused": (
        "Discord didn't let me give you the member role (a permission is missing). "
        "I've let the moderators know; you don't need to do anything."
    ),
}
ROLE_PROBLEM_LOG_TITLE = "Onboarding: member role not given"
ROLE_PROBLEM_LOG = {
    "not_set": "{member} agreed to the guidelines, but no member role is set. Choose one with `/config role`.",
    "missing": "{member} agreed to the guidelines, but the configured member role was deleted. Choose one with `/config role`.",
    "managed": "{member} agreed to the guidelines, but the member role is managed by an integration. Choose another.",
    "no_manage_roles": "{member} agreed to the guidelines, but I'm missing the **Manage Roles** permission.",
    "above_bot": "{member} agreed to the guidelines, but {role} is above my highest role. Move my role above it.",
    "refused": "{member} agreed to the guidelines, but Discord refused the role change (missing permission).",
}
WELCOME_FAILED_LOG_TITLE = "Onboarding: welcome not delivered"
WELCOME_FAILED_LOG = "I couldn't welcome {member}: {reason}."

GUIDELINES_SAVED = "Saved. New members will see these guidelines. Here is how they look:"
GUIDELINES_RESET = "The server's own guidelines were removed; new members will see Hearth's default guidelines."
GUIDELINES_ALREADY_DEFAULT = "This server already uses Hearth's default guidelines."
GUIDELINES_REFUSED = "I couldn't save those guidelines: {reason}"
GUIDELINES_EMPTY = "The guidelines can't be empty. Nothing was changed."
GUIDELINES_MODAL_TITLE = "Edit the server's guidelines"
GUIDELINES_FIELD = "Guidelines (Markdown, up to 3500 characters)"
GUIDELINES_LOG_TITLE = "Guidelines changed"
GUIDELINES_LOG_EDITED = "{actor} edited the server's guidelines ({length} characters)."
GUIDELINES_LOG_RESET = "{actor} reset the guidelines to Hearth's default."


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "onboarding")
