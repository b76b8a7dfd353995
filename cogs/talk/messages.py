"""Everything the talk-to-the-team part says to members and to the team."""

from __future__ import annotations

TEXT_LIMIT = 4000  # what Discord lets anyone type in one message; an embed holds 4,096
REACT_DELIVERED = "✅"
REACT_WAITING = "⏳"
REACT_NOT_SENT = "❔"

# ------------------------------------------------------------------ opening

FEATURE_OFF = "Talking to the team isn't switched on in this server."
INBOX_NOT_SET = "This server hasn't set up a team inbox for /talk yet. A moderator can set one with `/config channel`."
INBOX_NOT_PRIVATE = (
    "{channel} can be seen by everyone (or by every member), so a conversation there would not be private. "
    "Choose a staff-only channel for the team inbox."
)
INBOX_UNSAFE = (
    "I can't open this conversation right now: the team's inbox channel isn't private, so I won't put your "
    "words there. I've kept nothing; a moderator needs to fix the channel first."
)
NO_SERVERS = "I couldn't find a server we share where you can talk to the team."
NOT_A_MEMBER = "You don't seem to be in that server any more."
PICK_SERVER = "Which server's team would you like to talk to?"
PICK_PLACEHOLDER = "Choose a server"
PICK_CONVERSATION = "You have conversations open in more than one server. Which team should get this message?"
UNKNOWN_TOPIC = "'{topic}' isn't one of this server's topics. Choose one of: {topics}."
ALREADY_OPEN = (
    "You already have a conversation open with this team (#{number}, about “{topic}”, opened {when}). "
    "Write to me here in DMs to add to it, or use `/talk reply` in the server."
)
BLOCKED = "The team has paused new /talk conversations from you {until}. If you're in danger, the crisis lines in `/crisis` are there any time."
BLOCKED_UNTIL = "until {when}"
BLOCKED_OPEN = "for now"
EMPTY = "There's nothing in the message yet."
TOO_LONG = "That's {length} characters; a message here can be up to {limit}. Could you split it in two?"
TEXT_BACK = "Here is what you wrote, so nothing is lost:"

MODAL_TITLE = "Talk to the team"
MODAL_TITLE_NAMED = "Talk to the team (with your name)"
TEXT_LABEL = "What would you like to say?"
TEXT_PLACEHOLDER = "Take your time. Only the team will read this."

NAME_WITHOUT = "Without my name"
NAME_WITH = "With my name"

OPENED_ANON = (
    "It's with the team now. They see you only as **{label}**, a name made for this conversation alone; "
    "they can't find out who you are unless you tell them."
)
OPENED_NAMED = "It's with the team now, with your name ({label})."
OPENED_DM = "Their replies will come to you here, by DM, and you can answer in the same DM."
OPENED_DMS_CLOSED = (
    "I couldn't DM you (your DMs seem to be closed for this server), so their replies will wait for you: "
    "use `/talk reply` in the server to read them and answer."
)
OPEN_FAILED = "I couldn't open the conversation: {reason}."
# Why the team's side could not take a message (the {reason} of OPEN_FAILED and RELAY_FAILED_TO_TEAM).
TEAM_PROBLEMS = {
    "inbox_missing": "the team inbox channel is missing",
    "inbox_permission": "I'm missing the **{permission}** permission in the team inbox",
    "thread_refused": "Discord refused the team thread",
    "thread_gone": "the team's thread for this conversation is gone",
    "relay_refused": "Discord didn't accept it in the team's thread",
    "note_refused": "Discord refused the note",
}

DM_OPENED_ANON = (
    "Your conversation with the team of **{guild}** is open (#{number}, about “{topic}”). They see you as "
    "**{label}**. Write here and I'll pass it on; their replies arrive here."
)
DM_OPENED_NAMED = (
    "Your conversation with the team of **{guild}** is open (#{number}, about “{topic}”), with your name. "
    "Write here and I'll pass it on; their replies arrive here."
)

# ------------------------------------------------------------------ member buttons

REVEAL_LABEL = "Tell them who I am"
CLOSE_LABEL = "Close the conversation"
TRANSCRIPT_LABEL = "Send me the transcript"
REVEAL_CONFIRM = (
    "If you confirm, the team will see, in conversation #{number}:\n"
    "• your username **{username}**\n"
    "• your name in the server **{display}**\n"
    "• a link to your profile\n"
    "They will know **{label}** is you. This can't be undone for this conversation."
)
REVEAL_YES = "Yes, tell them"
REVEAL_NO = "No, stay unnamed"
REVEAL_DONE = "Done: the team now knows it's you."
REVEAL_KEPT = "Nothing was shared. You're still **{label}** to them."
REVEAL_ALREADY = "The team already knows it's you in this conversation."
NOT_YOUR_CONVERSATION = "That button belongs to someone else's conversation."
CONVERSATION_GONE = "That conversation is closed, or its link to you has already been removed."
NO_OPEN_CONVERSATION = "You have no conversation open with this team. `/talk open` starts one."

CLOSED_FOR_MEMBER = (
    "The conversation with the team of **{guild}** is closed{by}. Thank you for reaching out; that takes courage. "
    "If you'd like a copy, press the button below. You can open a new one any time with `/talk open`."
)
CLOSED_BY_TEAM = " by the team"
CLOSED_DONE = "Closed. Thank you for talking with the team."
TRANSCRIPT_READY = "Here is your conversation, as you saw it."
TRANSCRIPT_EMPTY = "I couldn't find any messages in that conversation any more."
TRANSCRIPT_GONE = "That conversation's link to you has been removed, so I can't send its transcript."
TRANSCRIPT_HEADER = "Conversation #{number} with the team of {guild} — topic: {topic}"
TRANSCRIPT_YOU = "You"

# ------------------------------------------------------------------ relays

FROM_TEAM = "The team of {guild}"
FROM_PERSON = "{name}, from the team of {guild}"
DM_FOOTER = "Answer here, or with /talk reply in the server · conversation #{number}"
ATTACHMENTS_NOT_PASSED = "(an attachment was not passed on)"
MEMBER_ATTACHMENTS = (
    "I can pass on words only, so your file or picture was not sent to the team (files can say more about "
    "you than you mean them to). If it matters, describe it in a message."
)
RELAY_FAILED_TO_TEAM = "I couldn't pass that on to the team just now ({reason}). I'll keep trying."
RELAY_RETRIED_OK = "Your message from earlier has reached the team of **{guild}** now."
RELAY_GAVE_UP = (
    "I tried for a long time but couldn't pass a message on to the team of **{guild}**. Here it is, so nothing is "
    "lost; a moderator may need to check the team inbox."
)
REPLY_SENT = "Passed on to the team."
DM_AFTER_CLOSE = (
    "Your conversation with the team is closed, so I didn't pass this on. `/talk open` starts a new one "
    "whenever you want."
)
REPLY_MODAL_TITLE = "Answer the team"
WAITING_TITLE = "From the team, waiting for you"
NOTHING_WAITING = "Nothing new from the team yet. You can still write to them below."
WRITE_BACK = "Write back"

# ------------------------------------------------------------------ team side

THREAD_NAME = "#{number} · {label} · {topic}"
HEADER_TITLE = "Conversation #{number} · {label}"
HEADER_ANON = (
    "Someone is talking to the team without their name. **{label}** is a name made for this conversation only: "
    "it matches nothing else. Write here to answer them; lines starting with `{prefix}` (and **Note**) stay "
    "between the team."
)
HEADER_NAMED = (
    "{mention} is talking to the team with their name. Write here to answer them; lines starting with "
    "`{prefix}` (and **Note**) stay between the team."
)
HEADER_TOPIC = "Topic"
HEADER_STATUS = "Status"
HEADER_WITH = "With"
STATUS_OPEN = "open, waiting for the team"
STATUS_CLAIMED = "open"
STATUS_CLOSED = "closed"
NOBODY_YET = "nobody yet"
NEW_CONVERSATION_PING = "New conversation for {roles}."
MEMBER_FOOTER = "from {label}"
CLAIM_LABEL = "Claim"
NOTE_LABEL = "Note"
TEAM_CLOSE_LABEL = "Close"
BLOCK_LABEL = "Block from /talk"
NOT_TEAM = "Only the team that answers /talk can use this."
CLAIM_CHOOSE = "How should they see you?"
CLAIM_AS = "As {name}"
CLAIM_UNNAMED = "Without my name"
CLAIMED_MEMBER_NAMED = "**{name}** from the team is with you."
CLAIMED_MEMBER_UNNAMED = "Someone from the team is with you."
CLAIMED_NOTE = "{mention} claimed this conversation ({how})."
CLAIMED_HOW_NAMED = "they see your name"
CLAIMED_HOW_UNNAMED = "they don't see your name"
CLAIMED_DONE = "It's yours. They've been told."
CLAIMED_DONE_NO_DM = "It's yours. I couldn't DM them; they'll see it with `/talk reply`."
CLOSED_ALREADY = "This conversation is already closed."
NOTE_MODAL_TITLE = "Internal note (the member never sees it)"
NOTE_TEXT_LABEL = "Note for the team"
NOTE_TITLE = "Internal note"
NOTE_BY = "by {mention}"
NOTE_SAVED = "Note added. It stays between the team."
TEAM_CLOSED_NOTE = "Closed by {who}. The member has been told{told}."
TEAM_CLOSED_NOT_TOLD = " (not by DM: their DMs are closed)"
CLOSED_BY_MEMBER_NOTE = "The member closed the conversation."
TEAM_CLOSED_DONE = "Closed. The thread stays here as the team's record."
BLOCK_MODAL_TITLE = "Block from /talk (they stay unnamed)"
BLOCK_DURATION_LABEL = "For how long? (e.g. 12h, 3d, 2w; empty: until lifted)"
BLOCK_REASON_LABEL = "Reason (kept in the thread, never sent)"
BLOCKED_NOTE = (
    "{mention} blocked whoever this is from opening new conversations {until}{reason}. No one learned who they are."
)
BLOCKED_DONE = "Blocked {until}. You still don't know who it is, and neither does anyone else."
NOT_RELAYED_CLOSED = "This conversation is closed, so that was not passed on."
RELAY_WAITING_NOTE = (
    "I couldn't reach them by DM. Your message waits for them in `/talk reply`, and I'll keep trying ({reaction} "
    "turns into ✅ when it arrives)."
)
CRISIS_PING = (
    "{roles} — their last message has words that can mean someone is in danger ({why}). They have been shown "
    "crisis lines privately. This conversation is now at the top of `/talk queue`."
)
REPING = "{roles} — **{label}** has been waiting {minutes} minutes for an answer."
REVEALED_NOTE = "They chose to tell you who they are: {mention} (username **{username}**, shown as **{display}**)."

# ------------------------------------------------------------------ queue

QUEUE_TITLE = "Open conversations"
QUEUE_EMPTY = "No open conversations. Quiet is good."
QUEUE_LINE = "{flag} **#{number} {label}** · {topic} · {waiting} · {where} · {claimed}"
QUEUE_WAITING = "waiting since {since}"
QUEUE_ANSWERED = "answered"
QUEUE_CLAIMED = "with {mention}"
QUEUE_UNCLAIMED = "unclaimed"
RISK_FLAGS = {2: "🔴", 1: "🟠", 0: "⚪"}

THE_SERVER = "the server"  # when the server is no longer known

CLAIM_AS_ME = "As me"  # replaced by CLAIM_AS with the claimer's name when the choice is shown


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "talk")
