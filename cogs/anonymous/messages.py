"""Everything anonymous sharing says to members and moderators."""

TEXT_LIMIT = 1800

MODAL_TITLE = "Share anonymously"
REPLY_MODAL_TITLE = "Reply anonymously to #{number}"
TEXT_LABEL = "What would you like to say?"
TEXT_PLACEHOLDER = "No one, not even moderators, will see your name."
WARNING_LABEL = "Content warning (optional)"
WARNING_PLACEHOLDER = "e.g. grief, family conflict"
TOPIC_LABEL = "Topic (optional)"

SIGNATURE = "Anonymous · {pseudonym}"
AUTHOR_MARK = " (author)"
POST_FOOTER = "Post #{number} · reply with the message menu: Apps → Reply anonymously"
REPLY_FOOTER = "Reply #{number} to post #{parent}"
THREAD_NAME = "Replies to anonymous post #{number}"
WARNING_LINE = "**Content warning:** {warning}\n\n||{text}||"

# Discord marks a private reply "Only you can see this" itself; the words don't repeat it.
POSTED = "Your post #{number} is up, without your name."
REPLY_POSTED = "Your anonymous reply to post #{parent} is up, without your name."
JUMP_LABEL = "Go to it"
POST_CHOICE = "#{number} · posted {when}"
REPLY_CHOICE = "#{number} · reply to #{parent} · {when}"
QUEUED = (
    "Thank you. This server checks anonymous posts before they appear, so post #{number} is waiting for a "
    "moderator. They will see the words only, never your name. If it isn't approved, I'll send your text back "
    "to you by DM."
)
DELETE_LABEL = "Delete my post"
DELETED = "Post #{number} is deleted."
NOT_YOURS = "I can't match you to post #{number}, so I can't delete it for you."
LINK_EXPIRED_FOR_AUTHOR = (
    "Post #{number} is no longer linked to anyone, not even to you: its author link expired for privacy. "
    "A moderator can remove it if you ask them (you don't have to say it's yours)."
)
NO_SUCH_POST = "There is no anonymous post #{number} in this server."
NOT_POSTED = "Post #{number} isn't up in the channel (it's {status})."

FEATURE_OFF = "Anonymous sharing is switched off in this server."
CHANNEL_NOT_SET = "A moderator hasn't chosen an anonymous channel yet."
QUEUE_NOT_SET = "Approval mode is on, but a moderator hasn't chosen a mod-alerts channel for the queue yet."
TOO_LONG = (
    "Your text is {length:,} characters; anonymous posts can be up to {limit:,}. Here it is so you can shorten it."
)
EMPTY = "Your text is empty, so there's nothing to post."
BLOCKED = "Anonymous posting is paused for you in this server {until}."
BLOCKED_UNTIL = "until {when}"
BLOCKED_OPEN = "until a moderator lifts the pause"
RATE_LIMITED = (
    "You've shared {limit} anonymous posts in the last hour, which is this server's limit. You can post again {when}."
)
POST_FAILED = "I couldn't post it: {reason}. A moderator has been told nothing about you."
REPLIES_OFF = "Replies to anonymous posts are switched off in this server."
NO_THREAD = "Post #{number} has no reply thread I can post in."
NOT_AN_ANON_POST = "That message isn't an anonymous post or a reply thread of one."
TEXT_BACK = "Nothing you wrote is lost; here it is:"

PICK_SERVER = "Which server would you like to share in?"
PICK_PLACEHOLDER = "Choose a server"
NO_SERVERS = "I don't share a server with you where anonymous sharing is on."
# Several Hearth processes, each running some servers: a DM reaches the process of shard 0 only.
NO_SERVERS_REACHABLE = (
    "From DMs I can reach only some of the servers I'm in, and none of them is one of yours with anonymous "
    "sharing on. Use `/share` inside your server: it works the same there, and nobody sees who wrote it."
)
PICK_SERVER_REACHABLE = (
    "Which server would you like to share in? From DMs I can reach only some servers: if yours is missing, "
    "use `/share` inside it."
)
NOT_A_MEMBER = "You're no longer a member of that server."

QUEUE_TITLE = "Anonymous post #{number} is waiting for approval"
QUEUE_REPLY_TITLE = "Anonymous reply #{number} (to post #{parent}) is waiting for approval"
QUEUE_FOOTER = "Only the words and the post number are shown here. Nobody can see who wrote it."
APPROVE_LABEL = "Approve"
REJECT_LABEL = "Reject"
APPROVED_BY = "Approved by {moderator}: {link}"
REJECTED_BY = "Rejected by {moderator}. The text was sent back to its author."
REJECTED_BY_UNDELIVERED = "Rejected by {moderator}. I couldn't DM the author (their DMs are closed)."
ALREADY_DECIDED = "Someone already decided on post #{number}."
REJECT_MODAL_TITLE = "Reject post #{number}"
REJECT_REASON_LABEL = "Reason (sent to the author, kindly)"
APPROVAL_FAILED = "I couldn't post #{number}: {reason}. It stays in the queue; fix that and press Approve again."
DM_APPROVED = "Your anonymous post #{number} in **{guild}** was approved: {link}"
DM_REJECTED = (
    "Your anonymous post #{number} in **{guild}** wasn't approved. Reason given: {reason}\n"
    "Nothing you wrote is lost; here it is:"
)

REMOVED = "Post #{number} is removed."
REMOVE_LOG_TITLE = "Anonymous post removed"
REMOVE_LOG = "{moderator} removed anonymous post #{number}.{reason}"
BLOCKED_MOD = "Whoever wrote post #{number} can't post anonymously {until} (block {block}). They'll be told privately when they next try; they won't be told who acted."
BLOCK_LOG_TITLE = "Anonymous author blocked"
BLOCK_LOG = "{moderator} blocked the author of anonymous post #{number} {until} (block {block}).{reason}"
BLOCK_LINK_EXPIRED = (
    "The link between post #{number} and its author has expired (or this server never keeps it), so no one "
    "can block its author any more. You can still remove the post with `/anon remove`."
)
NO_BLOCKS = "No anonymous blocks are in force."
BLOCKS_TITLE = "Anonymous blocks in force"
BLOCK_LINE = "Block {block}: author of post #{number}, {until}{reason}"
UNBLOCKED = "Block {block} is lifted."
UNBLOCK_LOG_TITLE = "Anonymous block lifted"
UNBLOCK_LOG = "{moderator} lifted anonymous block {block}."
NO_SUCH_BLOCK = "There is no block {block} in force."
ROTATED = "Everyone has a new pseudonym from now on. Earlier posts keep the name they were signed with."
ROTATE_LOG_TITLE = "Anonymous pseudonyms rotated"
ROTATE_LOG = "{moderator} gave everyone new pseudonyms."
REASON_SUFFIX = "\nReason: {reason}"

TOPIC_FIELD = "Topic"
TAKE_DOWN_FAILED = (
    "Discord didn't let me delete post #{number} (HTTP {status}); I may be missing the Manage Messages permission."
)


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "anonymous")
