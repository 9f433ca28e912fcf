"""The one error handler: log with traceback, show the person a short Dutch message."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError

from plugin.request_scope import AlreadyHandled

log = logging.getLogger(__name__)

SORRY = (
    "Sorry, er ging iets mis bij Lerend Netwerk. Probeer het zo dadelijk opnieuw; "
    "blijft het misgaan, laat het de trekker weten."
)
DATABASE_DOWN = "Sorry, Lerend Netwerk kan zijn gegevens nu niet bereiken. Probeer het over een paar minuten opnieuw."
SLACK_FAILED = "Sorry, Slack weigerde een stap ({error}). Er is niets verloren; probeer het zo dadelijk opnieuw."
FORM_KEPT = "Even geen verbinding; je invoer staat er nog — probeer opnieuw"


def apology_modal(text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Lerend Netwerk"},
        "close": {"type": "plain_text", "text": "Sluiten"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def database_unavailable(error: Exception) -> bool:
    """The database did not answer (down, a timeout, a lock not granted, the pool exhausted): nothing
    was stored, so the same request, sent again, can still succeed. A refused constraint is no outage."""
    return isinstance(error, SQLAlchemyTimeoutError) or (
        isinstance(error, DBAPIError) and not isinstance(error, IntegrityError)
    )


def first_input_block(view: dict[str, Any]) -> str | None:
    """Where a form-wide error can stand: the first input of the submitted form."""
    for block in view.get("blocks") or []:
        if block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    values = (view.get("state") or {}).get("values") or {}
    return next(iter(values), None)


def user_message(error: Exception) -> str:
    if isinstance(error, DBAPIError):
        return DATABASE_DOWN
    if isinstance(error, SlackApiError):
        return SLACK_FAILED.format(error=error.response.get("error", "onbekende fout"))
    return SORRY


def install_error_handler(app: App) -> None:
    @app.error
    def handle_error(error: Exception, body: Any, respond: Any) -> BoltResponse:
        if isinstance(error, AlreadyHandled):
            log.info("event %s was handled by a concurrent delivery", error)
            return BoltResponse(status=200, body="")
        if isinstance(error, RecursionError):
            # A payload nested past what the edge lets through cannot be answered; no traceback, no reply.
            log.warning("request refused: nested too deeply")
            return BoltResponse(status=400, body="")
        if _answers_nowhere(error, body):
            log.warning("request refused: this action needs a message to answer in, and has none")
            return BoltResponse(status=400, body="")
        log.error("request failed: %s", type(error).__name__, exc_info=error)
        try:
            return _apologise(error, body if isinstance(body, dict) else {}, respond)
        except Exception:  # the handler itself must never turn into a 500
            log.warning("could not apologise for a failed request", exc_info=True)
            return BoltResponse(status=200, body="")


def _answers_nowhere(error: Exception, body: Any) -> bool:
    """A button that only exists in messages, sent from somewhere without a response_url (Bolt's `respond`
    refuses): nothing can be answered, and nothing is wrong with the app."""
    if not isinstance(error, ValueError) or "no response_url" not in str(error):
        return False
    return not (isinstance(body, dict) and (body.get("response_url") or body.get("response_urls")))


def _apologise(error: Exception, body: dict[str, Any], respond: Any) -> BoltResponse:
    if body.get("type") == "event_callback" and database_unavailable(error):
        # Nothing was stored (the event is not marked handled either): Slack delivers it again.
        return BoltResponse(status=503, body="")
    if body.get("type") == "view_submission":
        view = body.get("view")
        block_id = first_input_block(view) if isinstance(view, dict) else None
        if block_id is not None:  # the form stays open with what the person typed
            problem = FORM_KEPT if database_unavailable(error) else user_message(error)
            return BoltResponse(status=200, body={"response_action": "errors", "errors": {block_id: problem}})
    text = user_message(error)
    if body.get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    if respond is not None and (body.get("response_url") or body.get("response_urls")):
        try:
            respond(text=text, response_type="ephemeral", replace_original=False)
        except Exception:  # the apology itself failing must not hide the first error
            log.warning("could not send the apology to the user", exc_info=True)
    if body.get("type") == "view_submission":
        return BoltResponse(status=200, body={"response_action": "update", "view": apology_modal(text)})
    return BoltResponse(status=200, body="")
