"""The set-up codes: right once, within 15 minutes, and never after five wrong tries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.one_time_code import MAX_WRONG, OneTimeCode, Verdict

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def test_the_right_code_works_once() -> None:
    code = OneTimeCode(NOW, secret="482913")
    assert code.redeem("482 913", NOW + timedelta(minutes=1)) is Verdict.ACCEPTED
    assert code.redeem("482913", NOW + timedelta(minutes=2)) is Verdict.USED


def test_a_code_expires_after_15_minutes() -> None:
    code = OneTimeCode(NOW, secret="482913")
    assert code.redeem("482913", NOW + timedelta(minutes=15)) is Verdict.EXPIRED


def test_the_old_code_after_a_renewal_is_expired_not_wrong() -> None:
    code = OneTimeCode(NOW, secret="482913")
    code.renew(NOW + timedelta(minutes=16))
    assert code.redeem("482913", NOW + timedelta(minutes=16)) is Verdict.EXPIRED
    assert code.tries_left == MAX_WRONG
    assert code.redeem(code.secret, NOW + timedelta(minutes=17)) is Verdict.ACCEPTED


def test_five_wrong_codes_lock_it_even_for_the_right_one() -> None:
    code = OneTimeCode(NOW, secret="482913")
    verdicts = [code.redeem("000000", NOW) for _ in range(MAX_WRONG)]
    assert verdicts == [Verdict.WRONG] * (MAX_WRONG - 1) + [Verdict.LOCKED]
    assert code.tries_left == 0
    assert code.redeem("482913", NOW) is Verdict.LOCKED


def test_new_codes_are_six_digits_and_differ() -> None:
    secrets = {OneTimeCode(NOW).secret for _ in range(50)}
    assert all(len(s) == 6 and s.isdigit() for s in secrets)
    assert len(secrets) > 40
