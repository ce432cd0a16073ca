"""Chat information: getChat (the bot looks up a person's name for admin cards and audits)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from emulator.methods_common import method
from emulator.models import JSONDict
from emulator.params import Params

if TYPE_CHECKING:
    from emulator.state import EmulatorCore


@method("getChat")
async def get_chat(core: EmulatorCore, p: Params) -> JSONDict:
    chat = core.chat(p.chat_id())
    return {
        **chat.json,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }
