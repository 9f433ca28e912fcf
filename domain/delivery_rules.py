"""When to try a Slack message again, and when to give up: plain rules for the outbox.

Retry schedule after the n-th failed try: 1, 2, 4, 8, 16, 32 minutes, 1 h, 2 h, 4 h, then every 6 h
(a rate limit waits at least Slack's Retry-After). `lerend-netwerk reminders` picks up what is due,
so with the hourly cron the later tries land on the hour. Refusals that a person must fix (the app is
not in the channel, the token is revoked, the message is refused) give up after 3 tries; outages
(5xx, rate limits, timeouts, dropped connections) after 10.
"""

from __future__ import annotations

from datetime import timedelta

# Slack's answers that retrying alone will not change.
PERMANENT_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "team_access_not_granted",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "restricted_action",
        "msg_too_long",
        "no_text",
        "invalid_blocks",
        "invalid_arguments",
        "invalid_metadata_format",
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
    }
)
PERMANENT_TRIES = 3
TRANSIENT_TRIES = 10
MAX_DELAY = timedelta(hours=6)


def is_permanent(error_code: str | None) -> bool:
    return error_code in PERMANENT_ERRORS


def gives_up(error_code: str | None, failures: int) -> bool:
    """`failures`: failed tries so far, this one included."""
    return failures >= (PERMANENT_TRIES if is_permanent(error_code) else TRANSIENT_TRIES)


def retry_delay(failures: int, retry_after_seconds: float | None = None) -> timedelta:
    delay = min(timedelta(minutes=2 ** max(failures - 1, 0)), MAX_DELAY)
    if retry_after_seconds is not None:
        delay = max(delay, timedelta(seconds=retry_after_seconds))
    return delay
