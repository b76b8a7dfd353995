"""Words for /crisis, /resources and the moderators' /resource commands."""

# --- /crisis --------------------------------------------------------------------------------
CRISIS_INTRO = "You reached out, and that matters. These people are there for exactly this, any time:"
CRISIS_UNKNOWN_COUNTRY = (
    'I don\'t know "{typed}" as a country, so here is the worldwide directory instead. '
    "You can pick your country from the list as you type."
)
CRISIS_REMEMBERED = "I'll show {country} first next time you use /crisis. `/crisis-country clear` forgets it."
CRISIS_COUNTRY_SAVED = "Saved: /crisis will show {country} for you, in any server and in DMs."
CRISIS_COUNTRY_CLEARED = "Forgotten. /crisis will use the server's country, or the worldwide directory."
CRISIS_COUNTRY_NONE = "You haven't saved a country, so there was nothing to forget."
CRISIS_COUNTRY_SHOW = "You saved {country}. `/crisis-country clear` forgets it."
CRISIS_COUNTRY_INVALID = (
    'I don\'t know "{typed}" as a country. Start typing its name or two-letter code (like DE or GB) and pick it '
    "from the list."
)

# --- the library ------------------------------------------------------------------------------
TEAM_PUBLISHER = "Written by the Hearth team"
SEARCH_TITLE = "Resources"
SEARCH_TITLE_TOPIC = "Resources · {topic}"
SEARCH_FOOTER = "Page {page} of {pages} · {count} found · only you can see this"
PINNED_MARK = "📌 "
SERVER_MARK = "from this server's moderators"
NO_MATCH = (
    "I couldn't find anything for that. These topics are the closest — try `/resources topic:` with one of them:\n"
    "{topics}"
)
FEATURE_NAME = "resources"
PREVIOUS = "Previous"
NEXT = "Next"
OPEN_PLACEHOLDER = "Open one of these…"
CARD_FOOTER_BUILTIN = "Hearth library · {publisher}"
CARD_FOOTER_SERVER = "Added by this server's moderators · /resources to search more"
NOT_FOUND = "I couldn't find a resource with the id `{ref}`. `/resources` lists them with their ids."
UNKNOWN_TOPIC = "\"{topic}\" isn't one of the library's topics. The topics are: {topics}"
TOPICS_NEEDED = "Please give at least one topic (comma-separated). The topics are: {topics}"
TOO_MANY_TOPICS = "Please choose at most {limit} topics, so searches stay useful."

# --- adding and editing -----------------------------------------------------------------------
MODAL_ADD_TITLE = "Add a resource"
MODAL_EDIT_TITLE = "Edit resource #{id}"
FIELD_TITLE = "Title"
FIELD_URL = "Link (http:// or https://)"
FIELD_DESCRIPTION = "A short description in your own words"
FIELD_TOPICS = "Topics (comma-separated)"
TITLE_NEEDED = "The resource needs a title."
TITLE_TOO_LONG = "Please keep the title under {limit} characters."
DESCRIPTION_NEEDED = "Please add a short description, so members know what they'll find."
DESCRIPTION_TOO_LONG = "Please keep the description under {limit} characters."
URL_EMPTY = "The resource needs a link."
URL_TOO_LONG = "That link is longer than {limit} characters; please use the page's ordinary address."
URL_SPACES = "That link contains spaces; please paste the page's address exactly."
URL_SCHEME = "Only web links starting with http:// or https:// can be added."
URL_NO_HOST = "That doesn't look like a web address (it has no site name like example.org)."
URL_CREDENTIALS = "That link contains a username or password; please use the page's public address."
URL_INVITE = "Discord invite links can't be added: the library points to information, not to other servers."
URL_SHORTENER = (
    "{host} is a link shortener, which hides where a link goes. Please use the page's full address so "
    "members can see where they are going."
)
DUPLICATE_SERVER = 'This server\'s library already has that {what}: #{id} "{title}".'
DUPLICATE_BUILTIN = "That's already in Hearth's built-in library as `{id}` \"{title}\"."
NOT_FOUND_SERVER = (
    "There's no resource `{ref}` added by this server. `/resources` shows each server resource with its number."
)
ADDED = 'Added #{id} "{title}". Members will find it with `/resources`; `/resource pin {id}` pins it.'
EDITED = 'Saved #{id} "{title}".'
EDITED_PIN_FAILED = " (I couldn't update its pinned card: {reason})"
REMOVED = 'Removed #{id} "{title}".'
REMOVED_PIN_NOTE = " Its pinned card was taken down too."

# --- pins -------------------------------------------------------------------------------------
PIN_NO_CHANNEL = "A moderator hasn't chosen a resources channel yet (`/setup`), so there's nowhere to pin it."
PIN_ALREADY = "That's already pinned: {link}"
PIN_LIMIT = (
    "The resources channel already has 50 pinned messages, which is Discord's limit per channel. "
    "Unpin something there first (or `/resource unpin` one of ours), then try again."
)
PIN_POST_FAILED = "I couldn't post the card: {reason}."
PIN_FAILED = "I posted the card but Discord wouldn't let me pin it: I need the **{permission}** permission there."
PINNED = 'Pinned "{title}" in {channel}: {link}'
UNPINNED = 'Unpinned "{title}" and took its card down.'
NOT_PINNED = '"{title}" isn\'t pinned.'
PINS_TITLE = "Pinned resources"
PINS_EMPTY = "Nothing is pinned yet. `/resource pin` posts a resource card in the resources channel and pins it."
PINS_REPAIRED = "{count} pin(s) had been removed by hand in Discord; I've updated my list."
PINS_COUNT = "{count} of Discord's 50 pins in {channel} are in use."
CRISIS_COUNTRY_NOT_SAVED = "You haven't saved a country. /crisis uses the server's country, or the worldwide directory."

# --- the crisis-lines card (/crisis, the crisis DM, and after "didn't work") -----------------------
LINES_TITLE = "People you can reach right now"
LINES_TITLE_COUNTRY = "People you can reach right now · {country}"
OTHER_LINES_TITLE = "Other ways to reach someone · {country}"
EMERGENCY = "**Emergency:** call {number} if you or someone else is in immediate danger."
FALLBACK_TITLE = "Not sure which line is yours?"
FALLBACK_EMERGENCY = "If you are in immediate danger, call your local emergency number."
DOMESTIC_ABUSE_MARK = "{service} (domestic abuse)"
LINE_SOURCE = "-# Source: {source} · checked {month}"
LINE_SOURCE_SECONDARY = "-# Source: {source} · checked {month} · not the service's own page, so please double-check"
LINE_CUT = "…"
SOURCE_FOOTER = "Under each line: its source and the month we last checked it. /crisis shows these any time."
MORE_LINES = "There are more lines than fit here: the directory below lists them."
NO_OTHER_LINE = "We don't list another line for this country, but the directory below can find more near you."
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# --- "This number didn't work" ---------------------------------------------------------------------
REPORT_LABEL_ONE = "This number didn't work"
REPORT_LABEL_MANY = "Didn't work: {service}"
REPORT_THANKS = (
    "Thank you for telling us, and I'm sorry it didn't get through. I've passed on which line it was (never who "
    "you are) so it can be checked. Here is who else you can reach right now:"
)
REPORT_THANKS_AGAIN = "Thank you, I've already passed that line on. Here is who else you can reach right now:"
REPORT_LINE_GONE = (
    "Thank you. That line has changed since this card was made; here are the lines as they are listed now."
)
TEAM_NOTE_TITLE = "A member said a crisis line didn't work"
TEAM_NOTE_BODY = (
    "Someone pressed **This number didn't work** under Hearth's crisis lines. Hearth does not record who. "
    "Please try the line yourself; if it is wrong, tell whoever runs Hearth, so it can be fixed for everyone "
    "(the lines are in `content/crisis_lines.yaml`, and `hearth content stale` lists the reports)."
)
TEAM_NOTE_COUNTRY = "Country"
TEAM_NOTE_LINE = "Line"
TEAM_NOTE_CONTACTS = "As listed"
TEAM_NOTE_SOURCE = "Source"
TEAM_NOTE_SOURCE_VALUE = "{url}\nchecked {checked} · {confidence}"
TEAM_NOTE_REPORTS = "Reports"
TEAM_NOTE_REPORTS_VALUE = "{count} since it was last checked (counted across every server, no names)"

CARD_TOPICS = "Topics"
CARD_ID = "Id"

FIELD_TOPICS_HINT = "e.g. breakups, self_care"


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "resources")
