"""The board's open questions in a real SQLite file: who has one waiting for an answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.offer_draft import OfferDraft
from domain.offers import Condition
from storage.db import Database
from storage.offers import OfferRepository

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
MAJA, OLE, ADMIN = 1001, 1002, 9001


@pytest.fixture
async def offers(tmp_path: Path) -> AsyncIterator[OfferRepository]:
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    yield OfferRepository(db)
    await db.close()


def pickup_draft() -> OfferDraft:
    return (
        OfferDraft(
            category_key="furniture",
            description="En sofa med tre pladser",
            quantity=1,
            condition=Condition.GOOD,
            photos_done=True,
        )
        .with_pickup()
        .with_(pickup_address="Skovvej 12", pickup_postcode="7400")
        .with_phone(None)
    )


async def test_donors_with_an_unanswered_question_on_an_open_offer(
    offers: OfferRepository,
) -> None:
    assert await offers.donors_with_open_questions() == set()
    majas, _ = await offers.add_from_draft(pickup_draft(), MAJA, NOW)
    oles, _ = await offers.add_from_draft(pickup_draft(), OLE, NOW)
    to_maja = await offers.add_question(majas.id, ADMIN, "Hvor bred er den?", NOW)
    to_ole = await offers.add_question(oles.id, ADMIN, "Er den hel?", NOW)
    assert to_maja is not None and to_ole is not None
    assert await offers.donors_with_open_questions() == {MAJA, OLE}
    await offers.answer_question(to_maja.id, MAJA, "2 meter", NOW)
    assert await offers.withdraw(oles.id, OLE, NOW)  # a closed offer asks nothing any more
    assert await offers.donors_with_open_questions() == set()
