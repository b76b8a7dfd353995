"""The steps of the demo day. Each plays one flow through SimCord and returns True only if its effect appeared.

A step checks what a person would see (a message in a channel, a DM, a private reply) or what the bot
stored (a row), never just that a command ran. Hearth's words are read from the messages modules, so the
checks hold in whichever language the demo runs (`hearth demo --language de`). Times are Europe/Berlin, the demo server's timezone.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from cogs.anonymous import messages as anonymous_words
from cogs.counters import messages as counters_words
from cogs.moderation import messages as moderation_words
from cogs.onboarding import messages as onboarding
from cogs.privacy import messages as privacy_words
from cogs.resources import messages as resources_words
from cogs.safety import messages as safety_words
from cogs.safetyplan import messages as plan_words
from cogs.talk import messages as talk_words
from cogs.wins import messages as wins_words

if TYPE_CHECKING:
    from bot.demo.script import DemoDay

BERLIN = ZoneInfo("Europe/Berlin")
LISBON = ZoneInfo("Europe/Lisbon")  # Ana lives there; her day counter keeps Lisbon's days
SETTLE_STEP = 3 * 3600  # SimCord settles the scheduler reliably in steps of at most three hours

PROMPT_REPLIES = (  # the prompt is drawn from the deck, so the answers fit any gentle question
    ("Ana", "Taking my coffee to the window to sit with this one. Thank you for asking it so gently."),
    (
        "Lea",
        "My first morning here. No neat answer yet, but this made me think of my mum's voice "
        "on a bad line from far away, and that I'm still glad I came.",
    ),
)
SHARED = (
    "I deleted his number today. I still know it by heart, and I cried in the kitchen, "
    "but I didn't write to him. I don't know if I feel brave or just tired."
)
ANON_REPLY = "Both can be true at once. Brave and tired is still brave. I'm glad you told us."
WIN = "I called my sister back home and we laughed for the first time since I moved."
COUNTER = "no texting him"
CRISIS = "I don't want to be here anymore. Since the move everything feels so heavy."
TALK_OPEN = "Someone in the server keeps sending me private messages about my ex. I don't want to make a fuss."
TALK_TEAM = "Thank you for telling us; that's not okay, and it's not a fuss. Could you tell us who it is, if you're comfortable?"
TALK_MEMBER = "It's a newer member. Can I tell you without them knowing it came from me?"
TALK_TEAM_AGAIN = "Yes. We'll act on what they send, not on who told us. You stay unnamed."
PLAN_STEP = "I stop answering my sister's calls and stay up scrolling his photos."
RESOURCE = {
    "title": "Sunday circle for people far from family",
    "url": "https://far-from-home.example.org/sunday-circle",
    "description": "A gentle online circle every Sunday evening for people who moved away from their family.",
    "topics": "migration, self_care",
}


def said(result: Any) -> str:
    """Everything the bot answered privately to one interaction (response and followups, embeds too)."""
    parts = [result.response, *result.followups] if result is not None else []
    texts: list[str] = []
    for message in parts:
        if message is None:
            continue
        texts.append(message.content or "")
        for embed in message.embeds:
            texts.extend([embed.title or "", embed.description or ""])
            texts.extend(f"{field.name} {field.value}" for field in embed.fields)
    return "\n".join(texts)


def last_reply(result: Any) -> Any:
    """The last private message of an interaction (a deferred reply's answer is its last followup)."""
    return result.followups[-1] if result.followups else result.response


def bot_messages(channel: Any) -> list[Any]:
    """The bot's messages in a channel or thread, oldest first."""
    return [m for m in channel.history() if m.author.bot]


def labels(message: Any) -> list[str]:
    """The button labels on a message."""
    return [getattr(item, "label", None) or "" for row in message.components for item in row.children]


async def advance_to(day: DemoDay, moment: datetime) -> None:
    """Move the simulated clock forward to `moment`, a few hours at a time."""
    remaining = (moment - day.env.now()).total_seconds()
    while remaining > 0:
        step = min(remaining, SETTLE_STEP)
        await day.env.advance_time(step)
        remaining -= step


def today_at(day: DemoDay, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    """Today's `hour:minute` in `zone` (today as that zone sees it now)."""
    local_today = day.env.now().astimezone(zone).date()
    return datetime.combine(local_today, time(hour, minute), tzinfo=zone)


async def newcomer_agrees(day: DemoDay) -> bool:
    """Lea joins; the welcome message greets her with the guidelines; "I agree" gives her the member role."""
    await advance_to(day, today_at(day, 8, 30))
    day.lea = day.guild.add_member(day.env.create_user("Lea"))
    await day.env.settle()
    welcome = day.channels["welcome"].last_message
    if welcome is None or day.lea.mention not in welcome.content or onboarding.AGREE_LABEL not in labels(welcome):
        return False
    result = await day.lea.click(welcome, label=onboarding.AGREE_LABEL)
    day.note("Lea", "pressed “I agree” under the welcome", result)
    member = day.lea.member
    return bool(
        result.ephemeral
        and onboarding.AGREED.format(role=day.roles["member"].name) in said(result)
        and member is not None
        and member.get_role(day.roles["member"].id) is not None
    )


async def prompt_and_thread_replies(day: DemoDay) -> bool:
    """09:00 in Berlin: the day's prompt appears with its thread; Ana and Lea answer in the thread."""
    prompts = day.channels["prompts"]
    if bot_messages(prompts):
        return False  # nothing may be posted before its time
    await advance_to(day, today_at(day, 9, 1))
    posts = [m for m in bot_messages(prompts) if m.embeds]
    if len(posts) != 1 or len(prompts.threads) != 1:
        return False
    thread = prompts.threads[0]
    for name, text in PROMPT_REPLIES:
        await day.actor(name).send(thread, text)
    await day.env.settle()
    written = [m.content for m in thread.history() if not m.author.bot]
    return written == [text for _, text in PROMPT_REPLIES]


async def anonymous_share_and_reply(day: DemoDay) -> bool:
    """Ana shares through the /share form; Ben answers anonymously; neither name appears."""
    anonymous = day.channels["anonymous"]
    shown = await day.ana.slash(day.channels["general"], "share")
    if shown.modal is None:
        return False
    result = await day.ana.submit_modal(shown, {"text": SHARED, "warning": "", "topic": ""})
    day.note("Ana", "/share (the form)", result)
    posts = [m for m in bot_messages(anonymous) if m.embeds and SHARED in (m.embeds[0].description or "")]
    if len(posts) != 1:
        return False
    post = posts[0]
    shown = await day.ben.context_menu(anonymous, "Reply anonymously", post)
    if shown.modal is None:
        return False
    result = await day.ben.submit_modal(shown, {"text": ANON_REPLY, "warning": ""})
    day.note("Ben", "Reply anonymously (the form)", result)
    threads = anonymous.threads
    replies = [
        m for t in threads for m in bot_messages(t) if m.embeds and ANON_REPLY in (m.embeds[0].description or "")
    ]
    shown_names = str([m.embeds[0].to_dict() for m in [post, *replies]])
    return (
        len(replies) == 1
        and (post.embeds[0].author.name or "").startswith(anonymous_words.SIGNATURE.split("{pseudonym}")[0])
        and "Ana" not in shown_names
        and "Ben" not in shown_names
    )


async def win_and_celebration(day: DemoDay) -> bool:
    """Ben posts a small win with /win; Ana presses 🎉 celebrate and the count shows 1."""
    wins = day.channels["wins"]
    result = await day.ben.slash(day.channels["general"], "win", text=WIN)
    day.note("Ben", "/win", result)
    message = wins.last_message
    if message is None or not message.embeds or WIN not in (message.embeds[0].description or ""):
        return False
    celebrate = wins_words.CELEBRATE_LABEL
    if celebrate not in labels(message):
        return False
    result = await day.ana.click(message, label=celebrate)
    day.note("Ana", f"pressed “{celebrate}”", result)
    message = wins.last_message
    return message is not None and wins_words.CELEBRATE_COUNTED.format(count=1) in labels(message)


async def counter_reaches_day_seven(day: DemoDay) -> bool:
    """Ana's counter began 7 days ago; at 09:00 in her own timezone (Lisbon) a private DM marks day 7."""
    general = day.channels["general"]
    await day.ana.slash(general, "counter timezone", name="Europe/Lisbon")
    local_today = day.env.now().astimezone(LISBON).date()
    since = (local_today - timedelta(days=7)).isoformat()
    started = await day.ana.slash(general, "counter start", name=COUNTER, since=since)
    day.note("Ana", f"/counter start {COUNTER} since {since}", started)
    row = await day.bot.db.fetchone(
        "SELECT started_on FROM counters WHERE user_id = ? AND name = ?", (day.ana.id, COUNTER)
    )
    if not (started.ephemeral and said(started) and row is not None and str(row[0]) == since):
        return False
    dms_before = len(bot_messages(day.ana.user.dm_channel))
    public_before = {name: len(handle.history()) for name, handle in day.channels.items()}
    await advance_to(day, today_at(day, 9, 5, zone=LISBON))
    new_dms = bot_messages(day.ana.user.dm_channel)[dms_before:]
    view = await day.ana.slash(general, "counter view")
    day.note("Ana", "/counter view", view)
    public_after = {name: len(handle.history()) for name, handle in day.channels.items()}
    return (
        len(new_dms) == 1
        and new_dms[0].content.endswith(counters_words.MILESTONE_DM.format(line="", guild=day.guild.name).strip())
        and counters_words.LAST_MILESTONE.split("{on}")[0].format(days=7).strip() in said(view)
        and public_after["wins"] == public_before["wins"]
    )


async def talk_to_the_team_without_a_name(day: DemoDay) -> bool:
    """Lea talks to the team without her name; Sam claims it and answers; Lea answers by DM, then closes."""
    general, inbox = day.channels["general"], day.channels["team-inbox"]
    await advance_to(day, today_at(day, 12, 0))
    shown = await day.lea.slash(general, "talk open", topic="Something about another member")
    if shown.modal is None:
        return False
    opened = await day.lea.submit_modal(shown, {"text": TALK_OPEN})
    day.note("Lea", "/talk open (without her name)", opened)
    threads = inbox.threads
    if len(threads) != 1 or "Lea" in (threads[0].name or ""):
        return False
    thread = threads[0]
    claim = await day.supporter.click(thread.history()[0], label=talk_words.CLAIM_LABEL)
    claimed = await day.supporter.click(claim.response, label=talk_words.CLAIM_AS.format(name="Sam"))
    day.note("Sam", "pressed “Claim”, then “As Sam”", claimed)
    await day.supporter.send(thread, TALK_TEAM)
    await day.supporter.send(thread, "// I'll check the reports queue for a pattern")
    dm_texts = [" ".join(e.description or "" for e in m.embeds) for m in bot_messages(day.lea.user.dm_channel)]
    if not any(TALK_TEAM in text for text in dm_texts) or any("reports queue" in text for text in dm_texts):
        return False
    await day.lea.send_dm(TALK_MEMBER)
    await day.supporter.send(thread, TALK_TEAM_AGAIN)
    relayed = [m.embeds[0].description for m in bot_messages(thread) if m.embeds and m.embeds[0].footer.text]
    if TALK_MEMBER not in relayed:
        return False
    opening_dm = next(m for m in bot_messages(day.lea.user.dm_channel) if talk_words.CLOSE_LABEL in labels(m))
    closed = await day.lea.user.click(opening_dm, label=talk_words.CLOSE_LABEL)
    day.note("Lea", "pressed “Close the conversation” in her DMs", closed)
    everything = json.dumps([m.content for m in thread.history()] + [str(m.embeds) for m in thread.history()])
    gone = await day.bot.db.fetchone("SELECT closed_at FROM talk_conversations WHERE guild_id = ?", (day.guild.id,))
    return bool(
        closed.ephemeral
        and gone is not None
        and gone[0] is not None
        and day.lea.name not in everything
        and str(day.lea.id) not in everything
    )


async def crisis_gets_private_help_and_an_alert(day: DemoDay) -> bool:
    """Ben writes crisis words in #general: he gets help privately, the team an alert Morgan acknowledges."""
    general, alerts_channel = day.channels["general"], day.channels["mod-alerts"]
    await advance_to(day, today_at(day, 15, 30))
    before = {name: len(handle.history()) for name, handle in day.channels.items()}
    sent = await day.ben.send(general, CRISIS)
    await day.env.settle()
    help_dms = [
        m for m in bot_messages(day.ben.user.dm_channel) if m.embeds and safety_words.CHECK_IN_LABEL[:80] in labels(m)
    ]
    crisis_title = moderation_words.ALERT_TITLE["crisis"].split("{id}")[0]
    acknowledge = moderation_words.ALERT_ACTIONS["acknowledge"]
    alerts = [
        m for m in bot_messages(alerts_channel) if m.embeds and (m.embeds[0].title or "").startswith(crisis_title)
    ]
    if len(help_dms) != 1 or len(alerts) != 1 or acknowledge not in labels(alerts[0]):
        return False
    if sent.jump_url not in str(alerts[0].embeds[0].to_dict()):
        return False
    # nothing public: #general holds only Ben's own message; no other public channel got anything
    after = {name: len(handle.history()) for name, handle in day.channels.items()}
    if [m.id for m in general.history()[before["general"] :]] != [sent.id]:
        return False
    quiet = all(after[name] == before[name] for name in after if name not in ("general", "mod-alerts", "mod-log"))
    if not await safety_plan_and_check_in(day, help_dms[0]):
        return False
    result = await day.mod.click(alerts[0], label=acknowledge)
    day.note("Morgan", "pressed “Acknowledge” on the alert", result)
    alert = next(m for m in alerts_channel.history() if m.id == alerts[0].id)
    status = next((f.value for f in alert.embeds[0].fields if f.name == moderation_words.ALERT_STATUS), "")
    return quiet and status == moderation_words.ALERT_STATUS_SHOWN["acknowledged"]


async def safety_plan_and_check_in(day: DemoDay, dm: Any) -> bool:
    """From the crisis DM, Ben starts his safety plan (only he sees it) and asks Hearth to check in tomorrow."""
    if plan_words.MAKE_LABEL not in labels(dm) or plan_words.CHECKIN_OFFER_LABEL not in labels(dm):
        return False
    opened = await day.ben.user.click(dm, label=plan_words.MAKE_LABEL)
    day.note("Ben", "pressed “Make a safety plan” in the DM", opened)
    started = await day.ben.user.click(opened.response, label=plan_words.START_LABEL)
    if started.modal is None:
        return False
    saved = await day.ben.user.submit_modal(started, {"text": PLAN_STEP})
    day.note("Ben", "wrote step 1 of his safety plan", saved)
    row = await day.bot.db.fetchone("SELECT ciphertext FROM safety_plans WHERE user_id = ?", (day.ben.id,))
    encrypted = row is not None and PLAN_STEP.encode() not in bytes(row[0])
    asked = await day.ben.user.click(dm, label=plan_words.CHECKIN_OFFER_LABEL)
    day.note("Ben", "pressed “Check in with me tomorrow”", asked)
    return bool(saved.ephemeral and PLAN_STEP in said(saved) and encrypted and "10:00" in said(asked))


async def next_day_check_in(day: DemoDay) -> bool:
    """The next morning at 10:00 in Berlin, Ben gets the one check-in he asked for and answers it privately."""
    tomorrow = day.env.now().astimezone(BERLIN).date() + timedelta(days=1)
    before = check_ins(day)
    await advance_to(day, datetime.combine(tomorrow, time(9, 55), tzinfo=BERLIN))
    if check_ins(day) != before:
        return False  # not before its time
    await advance_to(day, datetime.combine(tomorrow, time(10, 5), tzinfo=BERLIN))
    arrived = check_ins(day)
    if len(arrived) != len(before) + 1:
        return False
    checkin = arrived[-1]
    if labels(checkin) != [plan_words.ANSWER_LABELS[key] for key in ("better", "same", "worse", "reach_out")]:
        return False
    answered = await day.ben.user.click(checkin, label=plan_words.ANSWER_LABELS["same"])
    day.note("Ben", "answered the check-in: “About the same”", answered)
    await advance_to(day, datetime.combine(tomorrow, time(16, 0), tzinfo=BERLIN))
    return bool(answered.ephemeral and plan_words.ANSWER_REPLY["same"] in said(answered) and check_ins(day) == arrived)


def check_ins(day: DemoDay) -> list[Any]:
    """The check-in DMs Ben has received."""
    return [m for m in bot_messages(day.ben.user.dm_channel) if plan_words.CHECKIN_QUESTION in (m.content or "")]


async def crisis_line_did_not_work(day: DemoDay) -> bool:
    """Ben presses "Didn't work" under a line in his crisis DM: the other lines at once, a nameless note for the team."""
    alerts_channel = day.channels["mod-alerts"]
    label = resources_words.REPORT_LABEL_MANY.format(service="TelefonSeelsorge")
    cards = [m for m in bot_messages(day.ben.user.dm_channel) if label in labels(m)]
    if not cards:
        return False
    result = await day.ben.user.click(cards[-1], label=label)
    day.note("Ben", f"pressed “{label}” under the crisis lines", result)
    await day.env.settle()
    answer = said(result)
    shown = [field.name for embed in result.response.embeds for field in embed.fields] if result.response else []
    team = [
        m for m in bot_messages(alerts_channel) if m.embeds and m.embeds[0].title == resources_words.TEAM_NOTE_TITLE
    ]
    nameless = all(
        "Ben" not in str(m.embeds[0].to_dict()) and str(day.ben.id) not in str(m.embeds[0].to_dict()) for m in team
    )
    return (
        result.ephemeral
        and "112" in answer
        and "TelefonSeelsorge" not in shown
        and any("Hilfetelefon" in (name or "") for name in shown)
        and len(team) == 1
        and "TelefonSeelsorge" in str(team[0].embeds[0].to_dict())
        and nameless
    )


async def resource_pinned_and_found(day: DemoDay) -> bool:
    """Morgan adds a resource and pins it in #resources; Lea finds it first with /resources."""
    general = day.channels["general"]
    await advance_to(day, today_at(day, 18, 0))
    shown = await day.mod.slash(general, "resource add")
    if shown.modal is None:
        return False
    added = await day.mod.submit_modal(shown, RESOURCE)
    day.note("Morgan", "/resource add (the form)", added)
    row = await day.bot.db.fetchone(
        "SELECT id FROM server_resources WHERE guild_id = ? AND title = ?", (day.guild.id, RESOURCE["title"])
    )
    if not said(added) or row is None:
        return False
    number = str(row[0])
    pinned = await day.mod.slash(general, "resource pin", resource=number)
    day.note("Morgan", f"/resource pin {number}", pinned)
    cards = [
        m for m in day.channels["resources"].pinned_messages() if m.embeds and m.embeds[0].title == RESOURCE["title"]
    ]
    found = await day.lea.slash(general, "resources", query="far from family")
    day.note("Lea", "/resources far from family", found)
    fields = found.response.embeds[0].fields if found.response and found.response.embeds else []
    return len(cards) == 1 and bool(fields) and fields[0].name == f"{resources_words.PINNED_MARK}{RESOURCE['title']}"


async def export_and_forget(day: DemoDay) -> bool:
    """Ana takes a copy of her data (/mydata, a JSON file), then deletes it (/forgetme and its button)."""
    general = day.channels["general"]
    await advance_to(day, today_at(day, 21, 30))
    exported = await day.ana.slash(general, "mydata")
    reply = last_reply(exported)
    if reply is None or not reply.ephemeral or len(reply.attachments) != 1:
        return False
    data = json.loads(await reply.attachments[0].read())
    day.note("Ana", f"/mydata → {reply.attachments[0].filename}", exported)
    if COUNTER not in json.dumps(data):
        return False
    asked = await day.ana.slash(general, "forgetme")
    day.note("Ana", "/forgetme", asked)
    done = await day.ana.click(last_reply(asked).message, label=privacy_words.BUTTON_DELETE)
    day.note("Ana", "pressed “Delete my data”", done)
    left = await day.bot.member_data.export(day.guild.id, day.ana.id)
    done_text = privacy_words.FORGET_DONE.split("{scope}")[0]
    return done_text in said(done) and COUNTER not in json.dumps(left, default=str)
