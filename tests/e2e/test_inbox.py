"""»Write to us«: a family's question reaches the board, the board's answer reaches the family,
and the conversation goes on; /inbox shows who waits."""

from __future__ import annotations

from emulator import BotApiEmulator
from tests.e2e.harness import ADMIN_ID, BotProcess

FAMILY = 5005


async def test_a_question_no_journey_takes_reaches_the_board_and_back(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    sara = emulator.user(FAMILY, "Sara", language_code="da")
    mette = emulator.user(ADMIN_ID, "Mette", language_code="da")

    await sara.send("Hvornår kan jeg hente julekurven?")
    await sara.expect("Skal jeg sende din besked til os?")
    await sara.press("✉️ Ja, send den")
    await sara.expect("Din besked er sendt til os")

    card = await mette.expect("Besked fra Sara")
    assert "Hvornår kan jeg hente julekurven?" in card.plain_text
    assert "skriver på dansk" in card.plain_text
    await mette.send("/inbox")
    listing = await mette.expect("1 åben samtale")
    assert any("Sara" in label for row in listing.buttons for label in row)

    await mette.press("↩️ Svar", card)
    await mette.expect("Skriv dit svar til Sara")
    await mette.send("På lørdag kl. 10 i Kirkens sal.")
    await mette.expect("✅ Sendt til Sara.")

    answer = await sara.expect("På lørdag kl. 10 i Kirkens sal.")
    assert "Svar fra" in answer.plain_text
    await sara.press("✉️ Svar", answer)
    await sara.expect("Skriv din besked til os her")
    await sara.send_photo(caption="Vores seddel")
    await sara.expect("Vi har fået den")
    again = await mette.expect("Vores seddel")
    assert "Et billede" in again.plain_text

    await mette.press("✔️ Luk", again)
    await mette.expect("Lukket af Mette")
    await mette.send("/inbox")
    await mette.expect("Ingen åbne samtaler")


async def test_saying_no_keeps_the_message_to_yourself(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    sara = emulator.user(FAMILY, "Sara", language_code="da")
    mette = emulator.user(ADMIN_ID, "Mette", language_code="da")
    await sara.send("hej hej")
    await sara.expect("Skal jeg sende din besked til os?")
    await sara.press("Nej tak")
    await sara.expect("Hvad vil du gerne?")
    await mette.expect_no_message(within=1)
