"""`/hiaten`: where the network's offer falls short of the need partners see, biggest gap first.

`/hiaten` answers at once; `/hiaten grafiek` acknowledges, then a lazy listener draws the chart
and uploads it to the channel. A city-wide network compares its linked neighbourhoods.
gather (storage.signals) → analyse (domain.gaps) → render (plugin.views.signals, plugin.charts).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.dates_nl import BRUSSELS
from domain.gaps import DEFAULT_PERIOD_DAYS, Period
from domain.offering_form import clean_text
from plugin.charts import gap_chart_png
from plugin.request_scope import network, transaction
from plugin.views.kit import escape
from plugin.views.signals import chart_caption, gaps_message, hiaten_help
from storage.base import utcnow
from storage.signals import GapReport, gap_report

log = logging.getLogger(__name__)
CHART = "grafiek"
CHART_COMING = "De grafiek komt eraan…"
NO_SIGNALS = (
    f"Nog geen signalen in de laatste {DEFAULT_PERIOD_DAYS} dagen: er is nog geen grafiek te maken. "
    "Meld een nood met `/nood`."
)
UPLOAD_REFUSED = (
    "Ik kon de grafiek niet in dit kanaal zetten ({error}). Nodig de app uit in het kanaal "
    "(`/invite @Lerend Netwerk`) of probeer `/hiaten grafiek` in het kanaal van het netwerk."
)
UPLOAD_FAILED = "Het opladen van de grafiek naar Slack mislukte. Probeer `/hiaten grafiek` zo dadelijk opnieuw."


def current_period() -> Period:
    """The last 90 days in Brussels, today included: the days `rapport --from … --to …` takes for them."""
    return Period.last_days(utcnow().astimezone(BRUSSELS).date())


def _report(context: BoltContext) -> GapReport | None:
    with transaction(context) as session:
        return gap_report(session, network(context).id, current_period())


def register(app: App) -> None:
    def hiaten(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        text = clean_text(command.get("text")).lower()
        if text == CHART:
            ack(response_type="ephemeral", text=CHART_COMING)
            return
        report = None if text else _report(context)
        if report is None:  # an unknown word after /hiaten: say what it can do
            ack(response_type="ephemeral", text="Hiaten", blocks=hiaten_help())
            return
        ack(response_type="ephemeral", text=f"Hiaten in {escape(report.network_name)}", blocks=gaps_message(report))

    def post_chart(command: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
        if clean_text(command.get("text")).lower() != CHART:
            return
        report = _report(context)
        if report is None or report.analysis.is_empty:
            respond(text=NO_SIGNALS, response_type="ephemeral", replace_original=False)
            return
        png = gap_chart_png(report)
        try:
            client.files_upload_v2(
                channel=command["channel_id"],
                file=png,
                filename="hiaten.png",
                title=f"Hiaten in {report.network_name} ({report.period.describe_nl()})",
                initial_comment=chart_caption(report),
            )
        except SlackApiError as exc:
            error = exc.response.get("error", "onbekende fout")
            log.warning("hiaten chart upload refused: %s", error)
            respond(text=UPLOAD_REFUSED.format(error=error), response_type="ephemeral", replace_original=False)
        except OSError:  # the upload URL did not answer; Bolt would only log a lazy listener's error
            log.warning("hiaten chart upload failed", exc_info=True)
            respond(text=UPLOAD_FAILED, response_type="ephemeral", replace_original=False)

    app.command("/hiaten")(ack=hiaten, lazy=[post_chart])
