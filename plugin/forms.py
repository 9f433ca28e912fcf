"""One way to handle a modal submission, used by every form that saves something.

    handle_form(app, "nood_save", save_need, then=[confirm_need], key="need")

`save(view, context)` validates (the rules are in `domain/`) and stores, inside
`request_scope.transaction`. It raises `FormRejected(errors)` for input it refuses, also from within the
transaction, so nothing of it is saved: Slack then shows the Dutch errors next to the fields
(`response_action: errors`). Otherwise it returns what the lazy listeners in `then` need (the saved
id, where to answer), which is put in `context[key]` once the transaction has committed; the form closes.

What else can go wrong is left to `plugin/errors.py`: a database that does not answer keeps the form
open with "Even geen verbinding; je invoer staat er nog — probeer opnieuw". A submission counts once
(`plugin/idempotency.py`: its key is claimed in the same commit as what `save` stores).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt import Ack, App, BoltContext

SAVED = "saved"

Save = Callable[[dict[str, Any], BoltContext], Any]


class FormRejected(Exception):
    """A modal's input was refused: raised inside the transaction so nothing of it is saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


def handle_form(
    app: App, callback_id: str, save: Save, *, then: Sequence[Callable[..., None]] = (), key: str = SAVED
) -> None:
    """Register the form `callback_id`: `save` in the request, then the lazy listeners `then`."""

    def submitted(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        try:
            saved = save(view, context)
        except FormRejected as rejected:
            ack(response_action="errors", errors=rejected.errors)
            return
        if saved is not None:
            context[key] = saved
        ack()

    submitted.__name__ = submitted.__qualname__ = getattr(save, "__name__", "submitted")
    app.view(callback_id)(ack=submitted, lazy=list(then))
