"""Words for moderation and safety: crisis alerts, reports, infractions. Plain, calm, never blaming."""

# -- crisis alerts (moderators only) -----------------------------------------------------------------------

ALERT_PING = "{roles} — a member may need support. Please check the alert below."
ALERT_REPING = "{roles} — this alert hasn't been acknowledged yet: {link}"
ALERT_CHECK_IN_PING = (
    "{roles} — {user} asked for someone from the team to check in with them (alert #{alert_id}): {link}"
)
ALERT_TITLE = {"crisis": "Crisis language · alert #{id}", "concern": "Concern · alert #{id}"}
ALERT_WHERE = "Where"
ALERT_NO_LINK = "No link (the text was sent to the bot directly)"
ALERT_LEVEL = "Level"
ALERT_CATEGORIES = "What it sounded like"
ALERT_WHY = "Why"
ALERT_TIME = "When"
ALERT_WRITER = "Writer"
ALERT_ANONYMOUS = "Anonymous — Hearth does not know who wrote it, and will not tell you unless they choose to."
ALERT_ANON_POST = "Anonymous post #{post_id}"
ALERT_HISTORY = "Handled"
ALERT_STATUS = "Status"
ALERT_GUIDE = (
    "The writer was offered crisis lines privately (if their DMs are open). Nothing was posted publicly. "
    "Reach out gently in private; you are not emergency services."
)
ALERT_GUIDE_CHECKIN = {
    "checkin_worse": (
        "From a next-day check-in: the member said they feel **worse** today and chose to tell the team. "
        "They were shown their safety plan and crisis lines privately. Reach out gently in private."
    ),
    "checkin_reach_out": (
        "From a next-day check-in: the member asked for **someone to reach out** and chose to tell the team. "
        "They were shown their safety plan and crisis lines privately. Please reach out gently, in private."
    ),
}
ALERT_CHECKIN_WHERE = "A private check-in with Hearth (no message to link to)"
ALERT_GUIDE_CONCERN = "Concern-level language: nothing was sent to the writer. A gentle private check-in may help."
CATEGORY_LABELS = {
    "passive_ideation": "passive ideation",
    "active_ideation": "active ideation",
    "plan_or_method": "plan or method",
    "self_harm": "self-harm",
    "finality": "goodbye / finality",
    "harm_to_others": "harm to others",
}
ALERT_SOMEONE_ELSE = (
    "The writer is telling us about **someone else** in danger right now; they were sent how-to-help advice "
    "and the crisis lines privately. The writer is who to contact."
)
ALERT_ACTIONS = {"acknowledge": "Acknowledge", "resolve": "Resolved", "escalate": "Escalated"}
ALERT_STATUS_FOR = {"acknowledge": "acknowledged", "resolve": "resolved", "escalate": "escalated"}
ALERT_EVENT_LINE = {
    "acknowledge": "Acknowledged by {actor} {when}",
    "resolve": "Resolved by {actor} {when}",
    "escalate": "Escalated by {actor} {when}",
    "check_in": "{actor} asked for someone to check in {when}",
    "claim": "Claimed by {actor} {when}",
}
ALERT_ESCALATION = (
    "{role} — alert #{alert_id} has waited {minutes} minutes and nobody has acknowledged it, even after "
    "the re-ping. Please check it: {link}"
)
ALERT_ALREADY = "This alert is already {status}."
ALERT_GONE = "I can't find that alert any more (it may have been deleted after the retention period)."
ALERT_LOG_TITLE = "Crisis alert #{id} {status}"
ALERT_LOG_TEXT = "{actor} marked the alert {status}. {link}"

# -- reports -----------------------------------------------------------------------------------------------

REPORT_MENU = "Report to moderators"
REPORT_MODAL_TITLE = "Report to moderators"
REPORT_REASON_LABEL = "What's wrong? (optional)"
REPORT_REASON_PLACEHOLDER = "Anything that helps the moderators understand. Only they will see it."
REPORT_THANKS = (
    "Thank you for telling us. Only the moderators can see your report, and I'll let you know privately "
    "when they've looked at it."
)
REPORT_NO_CHANNEL = (
    "The moderators haven't chosen a channel for reports yet, so I couldn't pass this on. "
    "Please message a moderator directly."
)
REPORT_NOT_POSTED = "I couldn't pass your report on to the moderators ({reason}). Please message a moderator directly."
REPORT_OWN_MESSAGE = "That's your own message; you can edit or delete it yourself."
REPORT_HANDLED_DM = (
    "The moderators of **{guild}** have looked at the message you reported. Thank you for helping keep the space safe."
)
INCIDENT_TITLE = "Report #{id}"
INCIDENT_ANON_TITLE = "Report #{id} · anonymous post #{post_id}"
INCIDENT_MESSAGE = "Message"
INCIDENT_EMPTY = "(no text: attachments or embeds only)"
INCIDENT_AUTHOR = "Author"
INCIDENT_ANON_AUTHOR = "Anonymous — act on the post; Hearth never reveals who wrote it."
INCIDENT_REPORTER = "Reported by (moderators only)"
INCIDENT_REASON = "Reason"
INCIDENT_NO_REASON = "(none given)"
INCIDENT_WHERE = "Where"
INCIDENT_HISTORY = "Actions"
INCIDENT_ACTIONS = {
    "dismiss": "Dismiss",
    "delete": "Delete message",
    "warn": "Warn author",
    "remove": "Remove post",
    "block": "Block author",
}
INCIDENT_TIMEOUT_PLACEHOLDER = "Time out author for…"
INCIDENT_EVENT_LINE = {
    "dismiss": "Dismissed by {actor} {when}",
    "delete": "Message deleted by {actor} {when}",
    "delete_gone": "Message was already gone ({actor} {when})",
    "warn": "Author warned by {actor} {when}",
    "timeout": "Author timed out for {detail} by {actor} {when}",
    "remove": "Anonymous post removed by {actor} {when}",
    "block": "Anonymous author blocked by {actor} {when}",
    "claim": "Claimed by {actor} {when}",
}
INCIDENT_DONE = {
    "dismiss": "Dismissed. The reporter has been told the report was looked at.",
    "delete": "Deleted the message.",
    "delete_gone": "That message was already deleted; I've recorded it.",
    "remove": "Removed the anonymous post.",
    "remove_missing": "That anonymous post was already gone; I've recorded it.",
}
INCIDENT_GONE = "I can't find that report any more (it may have been deleted after the retention period)."
INCIDENT_NO_ANON = "Anonymous sharing isn't loaded right now, so I can't act on that post. Nothing was changed."
INCIDENT_AUTHOR_LEFT = "The author is no longer in this server, so I can't act on them."
INCIDENT_CANNOT_DELETE = "I couldn't delete it: I'm missing the **Manage Messages** permission in <#{channel}>."
WARN_MODAL_TITLE = "Warn the author"
WARN_REASON_LABEL = "Why (the author will read this)"
REPORT_LOG_TITLE = "Report #{id}: {action}"
REPORT_LOG_TEXT = "{actor}: {line}. {link}"

# -- infractions -------------------------------------------------------------------------------------------

KIND_LABELS = {"warn": "Warning", "timeout": "Timeout", "untimeout": "Timeout lifted", "note": "Note"}
WARN_DONE = "Warned {name}. {delivery}"
WARN_DELIVERED = "They were told privately, with your reason."
WARN_NOT_DELIVERED = "Their DMs are closed, so they weren't told; the warning is recorded."
WARN_DM = (
    "Hi {name}. A moderator of **{guild}** is giving you a warning about something you posted.\n\n"
    "**Why:** {reason}\n\n"
    "This isn't a ban, and you're welcome here. Please have a look at the server's guidelines "
    "(`/guidelines` in the server). If you'd like to talk about it, you can message a moderator."
)
TIMEOUT_DM = (
    "Hi {name}. A moderator of **{guild}** has paused your ability to post there for {duration}.\n\n"
    "**Why:** {reason}\n\n"
    "You'll be able to post again automatically afterwards. If you'd like to talk about it, you can message a "
    "moderator."
)
TIMEOUT_DONE = "Timed {name} out for {duration} (until {until}). {delivery}"
TIMEOUT_DELIVERED = "They were told privately, with your reason."
TIMEOUT_NOT_DELIVERED = "Their DMs are closed, so they weren't told."
UNTIMEOUT_DONE = "Lifted {name}'s timeout."
UNTIMEOUT_NOT_TIMED_OUT = "{name} isn't timed out right now."
NOTE_DONE = "Noted on {name}'s history. They are not told about notes."
NO_REASON = "(no reason given)"
BOT_LACKS = "I can't do this here: I'm missing the **{permission}** permission."
DISCORD_REFUSED = "Discord refused this for {name}: my role may be below theirs, or I'm missing **Timeout Members**."
HISTORY_TITLE = "History of {name}"
HISTORY_EMPTY = "{name} has no warnings, timeouts or notes here."
HISTORY_LINE = "**#{id} · {kind}**{duration} — {when} by {moderator}\n{reason}"
HISTORY_FOOTER = "Page {page} of {pages} · {count} entries · only you can see this"
HISTORY_PREVIOUS = "Previous"
HISTORY_NEXT = "Next"
LOG_TITLES = {
    "warn": "Member warned",
    "timeout": "Member timed out",
    "untimeout": "Timeout lifted",
    "note": "Note added",
}
LOG_TEXT = "{member} by {moderator}\n**Reason:** {reason}"
LOG_DURATION = "\n**Duration:** {duration}"
LOG_REPORT = "\n**From report:** #{report_id}"

# -- hierarchy ---------------------------------------------------------------------------------------------

CANNOT_SELF = "You can't use this on yourself."
CANNOT_BOT = "{name} is a bot account, so this doesn't apply to them."
CANNOT_ADMIN = "{name} is a server admin (or the owner), so Hearth won't act on them."
CANNOT_ABOVE_YOU = (
    "You can't act on {name}: their highest role (**{their_role}**) is the same as or above yours (**{your_role}**)."
)
CANNOT_ABOVE_ME = (
    "I can't act on {name}: their highest role (**{their_role}**) is the same as or above mine "
    "(**{my_role}**). An admin can move my role higher in Server Settings → Roles."
)

# -- triage: /alerts and /mod stats (peer supporters and moderators) -------------------------------------

QUEUE_TITLE = "Open alerts and reports · {count}"
QUEUE_EMPTY = "Nothing is waiting. Thank you for keeping an eye out."
QUEUE_INTRO = "Highest risk first, then whoever has waited longest. Only you can see this list."
QUEUE_MORE = "…and {count} more. Claim from the top, and the rest will move up."
QUEUE_LINE = "**{n}. {what}** · {detail}\nwaiting {waited} · {claimed} · {link}"
QUEUE_WHAT = {
    "crisis": "Crisis alert #{id}",
    "concern": "Concern alert #{id}",
    "report": "Report #{id}",
    "alert": "Alert #{id}",
}
QUEUE_ASKED = "asked for someone to reach out"
QUEUE_ESCALATED = "escalated: nobody acknowledged it in time"
QUEUE_NO_DETAIL = "from a report or a check-in"
QUEUE_UNCLAIMED = "**unclaimed**"
QUEUE_CLAIMED = "claimed by {who}"
QUEUE_NO_LINK = "(no link)"
QUEUE_CLAIM_PLACEHOLDER = "Claim one (it's marked as yours)"
QUEUE_CLAIM_OPTION = "{n}. {what}"
QUEUE_CLAIMED_DONE = "{what} is yours now; the team can see you've got it."
QUEUE_ALREADY = "{what} was already {status}; nothing changed."
QUEUE_GONE = "That item is no longer open."
QUEUE_REFRESH = "Refresh"
STATS_TITLE = "Team figures · last {weeks} weeks"
STATS_INTRO = (
    "Counts only: no names. Time to acknowledge runs from the alert or report to the first time someone on "
    "the team acted on it. Closed items are deleted after the retention period ({days} days), so older "
    "weeks count only what is still kept."
)
STATS_HEADER = "week of      alerts  reports  acked  waiting  median  p90   escalated"
STATS_ROW = "{week}  {alerts:>6}  {reports:>7}  {acked:>5}  {waiting:>7}  {median:>6}  {p90:>5}  {escalated:>9}"
STATS_NONE = "—"

ALERT_STATUS_SHOWN = {"open": "open", "acknowledged": "acknowledged", "resolved": "resolved", "escalated": "escalated"}


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "moderation")
