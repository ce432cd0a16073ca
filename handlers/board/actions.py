"""What the board's overview writes: that an export was made (before any file leaves)."""

from __future__ import annotations

from bot.services import Services
from domain.statistics import Period

EXPORTED = "offers,requests,volunteers,shifts"


async def record_export(services: Services, admin: int, period: Period, personal: bool) -> None:
    """The audit row of an export; "export.personal" when the files hold personal data."""
    async with services.unit_of_work() as uow:
        await uow.audit.record(
            admin,
            "export.personal" if personal else "export",
            services.clock.now(),
            subject=f"{period.first:%Y-%m-%d}..{period.last:%Y-%m-%d}",
            details=EXPORTED,
        )
