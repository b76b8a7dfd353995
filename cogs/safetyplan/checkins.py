"""The next-day check-in: offered with the crisis response, sent once at a day-time hour, answered privately.

One scheduler job sleeps until the earliest due check-in across every server (as the day counters'
milestones do); a claim row makes each DM go out once, across restarts and processes. A claim left by a
process that died mid-send is released at start and re-sent with the same nonce, which Discord drops
if the first one got through.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import discord

from bot.core.tags import TAG_PATTERN, is_owner, owner_tag
from bot.surface import delivery
from bot.surface.errors import UserFacingError
from bot.surface.language import in_member_language
from bot.surface.replies import reply_private
from bot.surface.views import IdField, PersistentButton, choice_field, int_field, text_field
from cogs.counters.api import member_timezone
from cogs.safety.api import Assessment, CrisisSignal, Level, crisis_lines_embed
from cogs.safetyplan import messages as words
from cogs.safetyplan import service
from cogs.safetyplan.plans import SafetyPlans
from cogs.safetyplan.store import Answer, CheckIn, SafetyPlanRepository
from cogs.safetyplan.views import plan_button

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
CHECKIN_JOB = "safety-checkins"
ANSWERS: tuple[Answer, ...] = ("better", "same", "worse", "reach_out")
NEEDS_SUPPORT: tuple[Answer, ...] = ("worse", "reach_out")
LOOK_AGAIN = timedelta(minutes=15)


def nonce_for(checkin_id: int) -> str:
    """The same nonce on every attempt at one check-in's DM (Discord de-duplicates a re-send)."""
    return f"hearth-checkin-{checkin_id}"


class CheckIns:
    """Plans, sends and answers next-day check-ins."""

    def __init__(self, bot: HearthBot, repository: SafetyPlanRepository, plans: SafetyPlans) -> None:
        self.bot = bot
        self.repository = repository
        self.plans = plans

    async def release_stale_claims(self) -> int:
        """Check-ins claimed by a process that stopped mid-send go back to 'scheduled'; how many. Every process
        sends check-ins (a claim decides which), so another instance's claim is taken back only once its lease
        has run out, unless this process owns every server (then no other one is sending)."""
        return await self.repository.release_stale_claims(self.bot.clock(), others_stopped=self.bot.shard_scope.whole)

    async def zone_for(self, guild_id: int, user_id: int) -> str:
        """The member's own timezone if they chose one (for their day counters), else the server's."""
        own = await member_timezone(self.bot.db, guild_id, user_id)
        return own or (await self.bot.guild_settings.get(guild_id)).timezone

    async def request(self, guild_id: int, user_id: int) -> tuple[CheckIn, bool]:
        """Plan tomorrow's check-in (one pending per member per server) and re-arm the timer."""
        zone = await self.zone_for(guild_id, user_id)
        now = self.bot.clock()
        checkin, created = await self.repository.schedule_checkin(
            guild_id=guild_id,
            user_id=user_id,
            timezone=zone,
            due_at=service.checkin_moment(now, zone),
            now=now,
        )
        await self.arm()
        return checkin, created

    async def cancel(self, user_id: int) -> int:
        """/checkin off."""
        count = await self.repository.cancel_checkins(user_id)
        await self.arm()
        return count

    async def arm(self) -> None:
        """Schedule the one job at the earliest pending check-in (or cancel it when none is left). A process
        that runs only some shards also looks again every LOOK_AGAIN: another process may plan a check-in (a
        member asks from DMs, which shard 0 answers) and stop before it is due; this one sends it then."""
        pending = await self.repository.pending_checkins()
        # A claim being sent wakes the job when its lease runs out: if it is still open then, it is sent again.
        wake = [c.lease_until if c.status == "sending" and c.lease_until is not None else c.due_at for c in pending]
        if not self.bot.shard_scope.whole:
            wake.append(self.bot.clock() + LOOK_AGAIN)
        if not wake:
            self.bot.scheduler.cancel(None, CHECKIN_JOB)
            return
        self.bot.scheduler.schedule_at(None, CHECKIN_JOB, min(wake), self.run_due)

    async def run_due(self) -> None:
        """Send every check-in that is due, push night-time ones to the morning, then re-arm."""
        try:
            await self.release_stale_claims()
            for checkin in await self.repository.pending_checkins():
                if checkin.status != "scheduled":
                    continue
                await self._process(checkin)
        except Exception:
            log.exception("the check-in run failed")
        await self.arm()

    async def _process(self, checkin: CheckIn) -> None:
        now = self.bot.clock()
        decision, later = service.delivery_now(now, checkin.due_at, checkin.timezone)
        if decision == "wait" or not await self.repository.claim_checkin(checkin.id, now):
            return
        if decision == "later" and later is not None:
            await self.repository.move_checkin(checkin.id, later)
        elif decision == "expire":
            await self.repository.finish_checkin(checkin.id, "expired", now)
        else:
            sent = await self._send(checkin)
            await self.repository.finish_checkin(checkin.id, "sent" if sent else "undelivered", self.bot.clock())

    async def _send(self, checkin: CheckIn) -> bool:
        user = await delivery.resolve_user(self.bot, checkin.user_id)
        if user is None:
            return False
        guild = self.bot.get_guild(checkin.guild_id)
        async with in_member_language(self.bot, checkin.user_id, checkin.guild_id):
            text = words.CHECKIN_QUESTION
            if guild is not None:
                text += "\n" + words.CHECKIN_FROM.format(guild=discord.utils.escape_markdown(guild.name))
            view = discord.ui.View(timeout=None)
            for answer in ANSWERS:
                view.add_item(CheckInAnswerButton(checkin.id, answer))
            return await delivery.send_dm(user, content=text, view=view, nonce=nonce_for(checkin.id))

    async def owned(self, interaction: discord.Interaction[Any], checkin_id: int) -> CheckIn:
        """The check-in behind a button, refusing anyone but the member it was for."""
        checkin = await self.repository.checkin(checkin_id)
        if checkin is None:
            raise UserFacingError(words.ANSWER_GONE)
        if checkin.user_id != interaction.user.id:
            raise UserFacingError(words.CHECKIN_NOT_YOURS)
        return checkin

    async def answer(self, interaction: discord.Interaction[Any], checkin_id: int, answer: Answer) -> None:
        """Record the answer once and reply with what fits it."""
        checkin = await self.owned(interaction, checkin_id)
        if not await self.repository.answer_checkin(checkin.id, answer, self.bot.clock()):
            raise UserFacingError(words.ANSWER_ALREADY if checkin.status == "answered" else words.ANSWER_GONE)
        view = discord.ui.View(timeout=None)
        embed = None
        if answer in NEEDS_SUPPORT:
            owner = owner_tag(self.bot.secret, checkin.user_id)
            view.add_item(plan_button(owner, await self.plans.has_plan(checkin.user_id)))
            view.add_item(CheckInTeamButton(checkin.id, named=True))
            view.add_item(CheckInTeamButton(checkin.id, named=False))
            country = (await self.bot.guild_settings.get(checkin.guild_id)).country
            embed = crisis_lines_embed(self.bot.content, country)
        if answer != "better":
            view.add_item(CheckInAgainButton(checkin.id))
        if embed is not None:
            await reply_private(interaction, words.ANSWER_REPLY[answer], embed=embed, view=view)
        else:
            await reply_private(interaction, words.ANSWER_REPLY[answer], view=view)

    async def tell_team(self, interaction: discord.Interaction[Any], checkin_id: int, *, named: bool) -> None:
        """With the member's consent only: one alert for the team, naming them only if they chose that."""
        checkin = await self.owned(interaction, checkin_id)
        if checkin.answer not in NEEDS_SUPPORT:
            raise UserFacingError(words.ANSWER_GONE)
        if not await self.repository.claim_team_alert(checkin.id):
            raise UserFacingError(words.TEAM_ALREADY)
        sink = self.bot.crisis_alerts
        alert_id: int | None = None
        if sink is not None:
            level = Level.CRISIS if checkin.answer == "reach_out" else Level.CONCERN
            signal = CrisisSignal(
                guild_id=checkin.guild_id,
                source=f"checkin_{checkin.answer}",
                assessment=Assessment(level, ()),
                writer_id=interaction.user.id if named else None,
            )
            try:
                alert_id = await sink.raise_alert(signal)
            except Exception:
                log.exception("raising a check-in alert failed in guild %s", checkin.guild_id)
        await self.repository.set_team_told(checkin.id, None if alert_id is None else "named" if named else "anonymous")
        if alert_id is None:
            raise UserFacingError(words.TEAM_UNAVAILABLE)
        await reply_private(interaction, words.TEAM_NAMED_DONE if named else words.TEAM_ANON_DONE)

    async def offer_reply(self, checkin: CheckIn, created: bool) -> str:
        """'I'll message you tomorrow around 10:00 your time' (or that one is already planned)."""
        when = checkin.due_at.astimezone(ZoneInfo(checkin.timezone)).strftime("%H:%M")
        template = words.CHECKIN_SCHEDULED if created else words.CHECKIN_ALREADY
        return template.format(when=when, zone=checkin.timezone)


def checkins_of(interaction: discord.Interaction[Any]) -> CheckIns:
    """The loaded check-in part (refuses kindly if it is not loaded)."""
    bot: HearthBot = interaction.client
    checkins = getattr(bot.get_cog("SafetyPlanCog"), "checkins", None)
    if not isinstance(checkins, CheckIns):
        raise UserFacingError(words.ANSWER_GONE)
    return checkins


class CheckInOfferButton(PersistentButton):
    """'Check in with me tomorrow' under the crisis response; only the member it was sent to may press it.

    It carries no alert id: a check-in is never linked to the alert (which may be about anonymous text), and
    no user id: only a keyed tag of the member it was made for.
    """

    prefix = "hearth:checkin-offer"
    fields = (int_field("guild_id"), text_field("owner", TAG_PATTERN))
    guild_id: int
    owner: str

    def __init__(self, guild_id: int, owner: str) -> None:
        super().__init__(
            discord.ui.Button(label=words.CHECKIN_OFFER_LABEL, style=discord.ButtonStyle.secondary),
            guild_id=guild_id,
            owner=owner,
        )

    pressed_in_guild = False  # the crisis response is often a DM

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the member it was made for (its keyed tag)."""
        if not is_owner(interaction.client.secret, interaction.user.id, self.owner):
            raise UserFacingError(words.CHECKIN_NOT_YOURS)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Plan tomorrow's check-in."""
        if not is_owner(interaction.client.secret, interaction.user.id, self.owner):
            raise UserFacingError(words.CHECKIN_NOT_YOURS)
        checkins = checkins_of(interaction)
        if checkins.bot.get_guild(self.guild_id) is None:
            raise UserFacingError(words.CHECKIN_NO_SERVER)
        checkin, created = await checkins.request(self.guild_id, interaction.user.id)
        await reply_private(interaction, await checkins.offer_reply(checkin, created))


class CheckInAnswerButton(PersistentButton):
    """Better / About the same / Worse / I'd like someone to reach out."""

    prefix = "hearth:checkin-answer"
    fields = (int_field("checkin_id"), choice_field("answer", "better", "same", "worse", "reach_out"))
    checkin_id: int
    answer: Answer

    def __init__(self, checkin_id: int, answer: Answer) -> None:
        style = discord.ButtonStyle.primary if answer == "reach_out" else discord.ButtonStyle.secondary
        super().__init__(
            discord.ui.Button(label=words.ANSWER_LABELS[answer], style=style), checkin_id=checkin_id, answer=answer
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the member the check-in is for."""
        await checkins_of(interaction).owned(interaction, self.checkin_id)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Record the answer."""
        await checkins_of(interaction).answer(interaction, self.checkin_id, self.answer)


class CheckInTeamButton(PersistentButton):
    """The member's consent to tell the team, with or without their name."""

    prefix = "hearth:checkin-team"
    fields = (
        int_field("checkin_id"),
        IdField(
            "named",
            "named|anonymous",
            read=lambda who: who == "named",
            write=lambda named: "named" if named else "anonymous",
        ),
    )
    checkin_id: int
    named: bool

    def __init__(self, checkin_id: int, *, named: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label=words.TEAM_NAMED_LABEL if named else words.TEAM_ANON_LABEL,
                style=discord.ButtonStyle.primary if named else discord.ButtonStyle.secondary,
            ),
            checkin_id=checkin_id,
            named=named,
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the member the check-in is for."""
        await checkins_of(interaction).owned(interaction, self.checkin_id)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Tell the team, because the member said so."""
        await checkins_of(interaction).tell_team(interaction, self.checkin_id, named=self.named)


class CheckInAgainButton(PersistentButton):
    """'Check in again tomorrow': the member asks again, so one more check-in is planned."""

    prefix = "hearth:checkin-again"
    fields = (int_field("checkin_id"),)
    checkin_id: int

    def __init__(self, checkin_id: int) -> None:
        super().__init__(
            discord.ui.Button(label=words.AGAIN_LABEL, style=discord.ButtonStyle.secondary), checkin_id=checkin_id
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the member the check-in is for."""
        await checkins_of(interaction).owned(interaction, self.checkin_id)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Plan one more check-in for tomorrow."""
        checkins = checkins_of(interaction)
        previous = await checkins.owned(interaction, self.checkin_id)
        checkin, created = await checkins.request(previous.guild_id, previous.user_id)
        await reply_private(interaction, await checkins.offer_reply(checkin, created))
