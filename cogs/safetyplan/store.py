"""Repository for safety plans (ciphertext only) and next-day check-ins; a MemberDataStore."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from bot.core.claims import Claimant
from bot.core.clock import from_iso, iso
from bot.core.db import Connection, Database, Row
from cogs.safetyplan.messages import STEPS, UNREADABLE_IN_EXPORT
from cogs.safetyplan.service import PlanCipher

CheckInStatus = Literal["scheduled", "sending", "sent", "answered", "cancelled", "undelivered", "expired"]
Answer = Literal["better", "same", "worse", "reach_out"]
PENDING: tuple[str, ...] = ("scheduled", "sending")


class StoredPlan(BaseModel):
    """A safety plan as the database holds it: ciphertext, never text."""

    user_id: int
    ciphertext: bytes
    key_version: int
    created_at: datetime
    updated_at: datetime


class CheckIn(BaseModel):
    """One 'check in with me tomorrow' request and what became of it."""

    id: int
    guild_id: int
    user_id: int
    timezone: str
    due_at: datetime
    status: CheckInStatus
    answer: Answer | None
    team_told: Literal["pending", "named", "anonymous"] | None
    requested_at: datetime
    sent_at: datetime | None
    answered_at: datetime | None
    lease_until: datetime | None = None  # while 'sending': until when the claiming process answers for it


def _checkin(row: Row) -> CheckIn:
    data = dict(row)
    data.pop("owner", None)
    for key in ("due_at", "requested_at", "sent_at", "answered_at", "lease_until"):
        data[key] = from_iso(data[key]) if data[key] else None
    return CheckIn.model_validate(data)


class SafetyPlanRepository:
    """Reads and writes `safety_plans` and `safety_checkins`; the plan arrives and leaves encrypted."""

    name: str = "safety_plan"
    tables: tuple[str, ...] = ("safety_plans", "safety_checkins")
    person_columns: tuple[str, ...] = ("safety_plans.user_id", "safety_checkins.user_id")
    """Every column of these tables that can hold a person."""

    def __init__(self, db: Database, cipher: PlanCipher, owner: str = "") -> None:
        self.db = db
        self.cipher = cipher
        self.claimant = Claimant(owner)  # this process, on the check-in claims it makes

    # -- plans ---------------------------------------------------------------------------------------------

    async def plan(self, user_id: int) -> StoredPlan | None:
        """The member's stored (encrypted) plan, if any."""
        row = await self.db.fetchone("SELECT * FROM safety_plans WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        data = dict(row)
        data["created_at"] = from_iso(data["created_at"])
        data["updated_at"] = from_iso(data["updated_at"])
        return StoredPlan.model_validate(data)

    async def has_plan(self, user_id: int) -> bool:
        """True if the member has saved a plan."""
        return await self.db.fetchone("SELECT 1 FROM safety_plans WHERE user_id = ?", (user_id,)) is not None

    async def save_plan(self, user_id: int, ciphertext: bytes, key_version: int, now: datetime) -> None:
        """Insert or replace the member's encrypted plan."""
        await self.db.execute(
            "INSERT INTO safety_plans (user_id, ciphertext, key_version, created_at, updated_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT (user_id) DO UPDATE SET ciphertext = excluded.ciphertext,"
            " key_version = excluded.key_version, updated_at = excluded.updated_at",
            (user_id, ciphertext, key_version, iso(now), iso(now)),
        )

    async def delete_plan(self, user_id: int) -> bool:
        """Delete the member's plan; True if there was one."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM safety_plans WHERE user_id = ?", (user_id,))
            return cursor.rowcount == 1

    # -- check-ins -----------------------------------------------------------------------------------------

    async def schedule_checkin(
        self, *, guild_id: int, user_id: int, timezone: str, due_at: datetime, now: datetime
    ) -> tuple[CheckIn, bool]:
        """Plan a check-in unless one is already pending for this member here; return it and whether it is new."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO safety_checkins (guild_id, user_id, timezone, due_at, requested_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
                (guild_id, user_id, timezone, iso(due_at), iso(now)),
            )
            created = cursor.rowcount == 1
            async with conn.execute(
                "SELECT * FROM safety_checkins WHERE guild_id = ? AND user_id = ? AND status IN ('scheduled','sending')"
                " ORDER BY id DESC LIMIT 1",
                (guild_id, user_id),
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _checkin(row), created

    async def checkin(self, checkin_id: int) -> CheckIn | None:
        """One check-in."""
        row = await self.db.fetchone("SELECT * FROM safety_checkins WHERE id = ?", (checkin_id,))
        return _checkin(row) if row else None

    async def pending_checkins(self) -> list[CheckIn]:
        """Every check-in still to send, soonest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM safety_checkins WHERE status IN ('scheduled','sending') ORDER BY due_at, id"
        )
        return [_checkin(row) for row in rows]

    async def release_stale_claims(self, now: datetime, *, others_stopped: bool) -> int:
        """A claim ('sending') nobody answers for any more goes back to 'scheduled'; how many. That is one whose
        lease ran out, one made before leases existed, and (`others_stopped`: this process is the only one
        sending, so any other instance has stopped) one another instance made. A claim another live process is
        sending this moment keeps its lease. The re-send carries the same nonce, so Discord drops it if the first
        one did get through."""
        others = " OR owner <> ?" if others_stopped else ""
        params: tuple[str, ...] = (iso(now), self.claimant.owner) if others_stopped else (iso(now),)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE safety_checkins SET status = 'scheduled', lease_until = NULL "
                f"WHERE status = 'sending' AND (lease_until IS NULL OR lease_until < ? OR owner IS NULL{others})",
                params,
            )
            return cursor.rowcount

    async def claim_checkin(self, checkin_id: int, now: datetime) -> bool:
        """Take a due check-in for sending, leased to this process; True only for the first caller (exactly once)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE safety_checkins SET status = 'sending', owner = ?, lease_until = ? "
                "WHERE id = ? AND status = 'scheduled'",
                (self.claimant.owner, self.claimant.lease_until(now), checkin_id),
            )
            return cursor.rowcount == 1

    async def finish_checkin(self, checkin_id: int, status: CheckInStatus, now: datetime) -> None:
        """Record how sending went: sent, undelivered or expired (which closes the claim)."""
        sent = iso(now) if status == "sent" else None
        await self.db.execute(
            "UPDATE safety_checkins SET status = ?, sent_at = COALESCE(?, sent_at), lease_until = NULL WHERE id = ?",
            (status, sent, checkin_id),
            idempotent=True,
        )

    async def move_checkin(self, checkin_id: int, due_at: datetime) -> None:
        """Push a claimed check-in to a later day-time moment (the bot woke up at night)."""
        await self.db.execute(
            "UPDATE safety_checkins SET status = 'scheduled', due_at = ?, lease_until = NULL "
            "WHERE id = ? AND status = 'sending'",
            (iso(due_at), checkin_id),
        )

    async def answer_checkin(self, checkin_id: int, answer: Answer, now: datetime) -> bool:
        """Record the member's answer once; False if it was already answered (or not sent)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE safety_checkins SET status = 'answered', answer = ?, answered_at = ?"
                " WHERE id = ? AND status = 'sent'",
                (answer, iso(now), checkin_id),
            )
            return cursor.rowcount == 1

    async def claim_team_alert(self, checkin_id: int) -> bool:
        """Claim the one team alert a check-in may raise; True only for the first caller."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE safety_checkins SET team_told = 'pending' WHERE id = ? AND team_told IS NULL", (checkin_id,)
            )
            return cursor.rowcount == 1

    async def set_team_told(self, checkin_id: int, told: Literal["named", "anonymous"] | None) -> None:
        """Record that the team was told, and how (None releases the claim after a failure). No alert id is kept."""
        await self.db.execute("UPDATE safety_checkins SET team_told = ? WHERE id = ?", (told, checkin_id))

    async def cancel_checkins(self, user_id: int) -> int:
        """/checkin off: cancel every pending check-in for this person; return how many."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE safety_checkins SET status = 'cancelled' WHERE user_id = ? AND status IN ('scheduled','sending')",
                (user_id,),
            )
            return cursor.rowcount

    # -- MemberDataStore -----------------------------------------------------------------------------------

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """The member's plan, decrypted (it is theirs), one entry per step, and their check-ins."""
        plan = await self.plan(user_id)
        scope, params = ("", ()) if guild_id is None else (" AND guild_id = ?", (guild_id,))
        rows = await self.db.fetchall(
            f"SELECT guild_id, due_at, status, answer, team_told, requested_at, sent_at, answered_at FROM safety_checkins"
            f" WHERE user_id = ?{scope} ORDER BY id",
            (user_id, *params),
        )
        return {"safety_plan": self._plan_for_export(plan), "check_ins": [dict(r) for r in rows]}

    def _plan_for_export(self, plan: StoredPlan | None) -> list[dict[str, str]]:
        if plan is None:
            return []
        saved = iso(plan.updated_at)
        steps = self.cipher.open(plan.ciphertext, plan.user_id)
        if steps is None:
            return [{"step": "(unreadable)", "text": UNREADABLE_IN_EXPORT, "saved_at": saved}]
        titles = {step.key: step.title for step in STEPS}
        return [{"step": titles[key], "text": text, "saved_at": saved} for key, text in steps.items()]

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Delete the plan (it belongs to the person, not a server) and their check-ins."""
        await conn.execute("DELETE FROM safety_plans WHERE user_id = ?", (user_id,))
        scope, params = ("", ()) if guild_id is None else (" AND guild_id = ?", (guild_id,))
        await conn.execute(f"DELETE FROM safety_checkins WHERE user_id = ?{scope}", (user_id, *params))

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """A server's check-ins go with it; plans belong to people, not servers, and stay."""
        await conn.execute("DELETE FROM safety_checkins WHERE guild_id = ?", (guild_id,))
