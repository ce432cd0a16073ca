"""Chat information and membership: getChat, getChatMember and friends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from emulator.methods_common import method
from emulator.models import ChatState, JSONDict, bad_request
from emulator.params import Params

if TYPE_CHECKING:
    from emulator.state import EmulatorCore

# ChatMemberAdministrator/Restricted have many required fields; PTB's de_json insists on them.
_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}
_RESTRICTED = {
    "is_member": True,
    "can_change_info": False,
    "can_invite_users": False,
    "can_pin_messages": False,
    "can_send_messages": False,
    "can_send_polls": False,
    "can_send_other_messages": False,
    "can_add_web_page_previews": False,
    "can_manage_topics": False,
    "until_date": 0,
    "can_send_audios": False,
    "can_send_documents": False,
    "can_send_photos": False,
    "can_send_videos": False,
    "can_send_video_notes": False,
    "can_send_voice_notes": False,
    "can_edit_tag": False,
}


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


def _member(core: EmulatorCore, chat: ChatState, user_id: int) -> JSONDict:
    if user_id == core.bot_id:
        status = "member" if chat.type == "private" else "administrator"
        user: JSONDict = core.bot_user
    else:
        person = core.users.get(user_id)
        if person is None:
            raise bad_request("user not found")
        user = person.json
        status = "member" if chat.type == "private" else chat.members.get(user_id, "left")
    member: JSONDict = {"status": status, "user": user}
    if status == "administrator":
        member.update(_ADMIN_RIGHTS)
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "restricted":
        member.update(_RESTRICTED)
    elif status == "kicked":
        member["until_date"] = 0
    return member


@method("getChatMember")
async def get_chat_member(core: EmulatorCore, p: Params) -> JSONDict:
    chat = core.chat(p.chat_id())
    return _member(core, chat, p.require_int("user_id"))


@method("getChatAdministrators")
async def get_chat_administrators(core: EmulatorCore, p: Params) -> list[JSONDict]:
    chat = core.chat(p.chat_id())
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    admins = [u for u, s in chat.members.items() if s in ("creator", "administrator")]
    return [_member(core, chat, core.bot_id)] + [_member(core, chat, u) for u in admins]


@method("getChatMemberCount")
async def get_chat_member_count(core: EmulatorCore, p: Params) -> int:
    chat = core.chat(p.chat_id())
    if chat.type == "private":
        return 2
    present = [s for s in chat.members.values() if s not in ("left", "kicked")]
    return len(present) + 1


async def _true_for_known_chat(core: EmulatorCore, p: Params) -> bool:
    core.chat(p.chat_id())
    return True


for _name in ("pinChatMessage", "unpinChatMessage", "unpinAllChatMessages", "setMessageReaction"):
    method(_name)(_true_for_known_chat)
