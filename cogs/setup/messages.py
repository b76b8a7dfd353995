"""Words for /setup and /config."""

PANEL_INTRO = (
    "**Hearth setup.** Pick a channel slot and then a channel, or a role slot and then a role. "
    "Use **Time and place** for the timezone, prompt time and country, and **Parts** to switch parts on or off. "
    "Every change is recorded in the audit log (and the mod-log channel, if set)."
)
CHANNEL_SLOTS = {
    "prompts": "Daily prompts",
    "anonymous": "Anonymous sharing",
    "wins": "Small wins",
    "resources": "Resources",
    "mod_alerts": "Moderator alerts",
    "mod_log": "Mod log",
    "welcome": "Welcome",
    "team_inbox": "Team inbox (/talk, staff-only)",
}
FORUM_ONLY_FOR_INBOX = "Only the team inbox can be a forum channel. Choose a text channel for **{slot}**."
ROLE_SLOTS = {
    "moderator": "Moderator",
    "peer_supporter": "Peer supporter",
    "member": "Member (given on 'I agree')",
    "prompt_ping": "Prompt ping (optional)",
    "talk_team": "Talk team (answers /talk; optional)",
    "escalation": "Escalation (if an alert waits too long)",
}
FEATURES = {
    "prompts": "Daily prompts",
    "anonymous": "Anonymous sharing",
    "wins": "Small wins",
    "counters": "Day counters",
    "safety": "Crisis detection",
    "resources": "Resources",
    "onboarding": "Onboarding",
    "talk": "Talk to the team",
}
PICK_CHANNEL_SLOT_FIRST = "Choose which channel slot you're setting first, then pick the channel."
PICK_ROLE_SLOT_FIRST = "Choose which role slot you're setting first, then pick the role."
CHANNEL_SET = "The **{slot}** channel is now {channel}."
ROLE_SET = "The **{slot}** role is now {role}."
CANNOT_POST = (
    "I can't use {channel} for **{slot}**: I'm missing the **{permission}** permission there. "
    "Give me that permission in the channel's settings, then choose it again."
)
ROLE_TOO_HIGH = (
    "I can't hand out {role}: it sits above my own highest role. Move my role above it in "
    "Server Settings → Roles, then choose it again."
)
ROLE_MANAGED = "{role} is managed by an integration, so no one can give it out by hand. Choose another role."
SETTING_SAVED = "Saved: **{path}** is now {value}."
SETTING_UNCHANGED = "**{path}** was already {value}; nothing changed."
SETTING_REFUSED = "I didn't change anything: {reason}"
FEATURES_SAVED = "Parts switched on: {on}. Switched off: {off}."
MOD_LOG_TITLE = "Settings changed"
MOD_LOG_LINE = "{actor} changed **{path}**: {old} → {new}"
NO_AUDIT = "No settings changes have been recorded yet."

# The /setup panel's own labels
TIME_PLACE_TITLE = "Time and place"
TIMEZONE_LABEL = "Timezone (IANA name)"
PROMPT_TIME_LABEL = "Daily prompt time (HH:MM, 24h)"
PROMPT_DAYS_LABEL = "Prompt days (daily, weekdays, mon,wed…)"
COUNTRY_LABEL = "Country for crisis lines (e.g. US, GB)"
PARTS_LABEL = "Parts"
PARTS_PLACEHOLDER = "Parts switched on"
CHANNEL_SLOT_PLACEHOLDER = "1. Which channel are you setting?"
CHANNEL_PICK_PLACEHOLDER = "2. …then pick the channel"
ROLE_SLOT_PLACEHOLDER = "3. Which role are you setting?"
ROLE_PICK_PLACEHOLDER = "4. …then pick the role"

SETTINGS_TITLE = "Hearth settings for {guild}"
NOT_SET = "not set"
CHANNELS_FIELD = "Channels"
ROLES_FIELD = "Roles"
TIME_PLACE_FIELD = "Time and place"
TIME_PLACE_VALUE = "Timezone: {timezone}\nCountry: {country}\nLanguage: {language}"
GUIDELINES_CUSTOM = "custom"
GUIDELINES_DEFAULT = "default"

AUDIT_TITLE = "Settings changes"

USE_CHANNEL_ROLE_COMMANDS = "Use `/config channel` or `/config role` (or `/setup`) for channels and roles."
USE_GUIDELINES_COMMAND = "Use `/guidelines-admin edit` to change the guidelines."
CANT_SEE_CHANNEL = "I can't see that channel. Check that I have **View Channel** there."
NEED_MANAGE_ROLES = "I need the **Manage Roles** permission to give out the member role."
CHOOSE_PARTS = "Choose the parts to keep on:"

NONE = "none"


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "setup")
