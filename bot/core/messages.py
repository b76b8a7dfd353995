"""Words of the core: why a setting, a time, a duration or a timezone someone typed cannot be used.

Core code raises these (a `ValueError` reason a moderator or member reads); `bot/core` may not import
`bot/surface`, so its words live here rather than in `bot/surface/messages.py`.
"""

# guild settings (/config set, the setup panel)
TIME_NOT_HHMM = "'{value}' is not a time like 09:00 (24-hour HH:MM)"
NOT_A_DAY = "'{value}' is not a day; use names like mon,wed,fri or 'daily'"
NO_DAYS = "choose at least one day, e.g. 'daily' or 'mon,thu'"
DAYS_OUT_OF_RANGE = "days must be weekday numbers 0 (Monday) to 6 (Sunday), at least one"
TALK_PREFIX_INVALID = "the prefix must be a few characters with no spaces, like //"
TALK_TOPIC_COUNT = "give between 1 and 10 topics, separated by |"
TALK_TOPIC_TOO_LONG = "'{value}…' is longer than 80 characters"
LANGUAGE_UNKNOWN = "'{value}' is not a language Hearth speaks; choose one of {languages}"
COUNTRY_NOT_A_CODE = "'{value}' is not a two-letter country code like US, GB or DE"
SETTING_UNKNOWN = "'{value}' is not a setting; /config show lists them"
NOT_ON_OR_OFF = "'{value}' is not on or off"
NOT_A_WHOLE_NUMBER = "'{value}' is not a whole number"
NOT_CHANNEL_LIST = "'{value}' should be a list of channel ids or #channel mentions"
NOT_AN_ID = "'{value}' should be an id or a mention"

# The topics a member picks from when they open a conversation with the team, until a server sets its own.
# Stored in the server's settings as they are, so they are not translated here.
DEFAULT_TALK_TOPICS = (
    "I'm struggling",
    "Something about another member",
    "A question about the server",
    "Something else",
)

# durations a moderator types ('10m', '2h', '1d 12h')
DURATION_NEEDED = "a length is needed here; try something like 10m, 2h, 1d 12h or 1w"
DURATION_UNREADABLE = "'{value}' is not a duration I understand; try 10m, 2h, 1d 12h or 1w"
DURATION_NOT_FORWARD = "'{value}' is not a length of time forward; try 10m, 2h, 1d 12h or 1w"
DURATION_TOO_LONG = "it can be at most {limit}"
DURATION_TOO_SHORT = "it needs to be at least {limit}"

# timezones a member or moderator types
TIMEZONE_EXAMPLES = "Europe/Berlin, America/New_York or Asia/Manila"
TIMEZONE_EMPTY = "the timezone is empty; try a name like {examples}"
TIMEZONE_TOO_LONG = "'{value}' is too long to be a timezone; use a name like {examples}"
TIMEZONE_REGION = (
    "'{value}' is a region, not one timezone; add a city, like {region}/… (start typing and I'll suggest some)"
)
TIMEZONE_UNKNOWN = "'{value}' is not a timezone I know; use an IANA name like {examples}"
UTC_NOTE = "Coordinated Universal Time"  # a search key of the timezone list (cached once), so not translated


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

# DEFAULT_TALK_TOPICS are stored in each server's settings as written; UTC_NOTE is a search key.
translate_module(__name__, "core", untranslated=("DEFAULT_TALK_TOPICS", "UTC_NOTE"))
