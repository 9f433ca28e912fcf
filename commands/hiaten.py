"""`/hiaten`: where the network's offer falls short of the need partners see, biggest gap first.

`/hiaten` answers at once; `/hiaten grafiek` acknowledges, then a lazy listener draws the chart
and uploads it to the channel. A city-wide network compares its linked neighbourhoods.
gather (storage.signals) → analyse (domain.gaps) → render (plugin.views.signals, plugin.charts).
"""

from __future__ import annotations

import logging
from hashlib import sha256
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.gaps import DEFAULT_PERIOD_DAYS
from domain.neighbourhood_scan import compare_neighbourhoods, scan_neighbourhood
from domain.offering_form import clean_text
from plugin.answers import answer_later
from plugin.charts import gap_chart_png
from plugin.delivery import delivery_client
from plugin.home import HomeRequest
from plugin.meeting_delivery import slack_problem
from plugin.notify import SLACK_FAILURES
from plugin.request_scope import network, transaction
from plugin.views.home import HOME_GAPS, gaps_section
from plugin.views.kit import Block, escape
from plugin.views.scan import scan_blocks
from plugin.views.signals import UNSORTED_ACTION, chart_caption, gaps_message, hiaten_help
from storage import chart_uploads
from storage.base import utcnow
from storage.catalog import category_labels
from storage.scan import scan_inputs
from storage.signals import GapReport, current_period, gap_report, sort_signal, unsorted_signals

log = logging.getLogger(__name__)
CHART = "grafiek"
SCAN = "scan"
CHART_COMING = "De grafiek komt eraan…"
NO_SIGNALS = (
    f"Nog geen signalen in de laatste {DEFAULT_PERIOD_DAYS} dagen: er is nog geen grafiek te maken. "
    "Meld een nood met `/nood`."
)
UPLOAD_REFUSED = (
    "Ik kon de grafiek niet in dit kanaal zetten ({error}). Nodig de app uit in het kanaal "
    "(`/invite @Lerend Netwerk`) of probeer `/hiaten grafiek` in het kanaal van het netwerk."
)
ONLY_COORDINATOR = "Alleen de trekker kiest de categorie van een vraag zonder categorie."
SORT_GONE = "Deze vraag bestaat niet meer in dit netwerk, of de categorie is onbekend. Hieronder de hiaten van nu."
UPLOAD_FAILED = "Het opladen van de grafiek naar Slack mislukte. Probeer `/hiaten grafiek` zo dadelijk opnieuw."
UPLOAD_TROUBLE = (
    "Ik kon de grafiek niet in dit kanaal zetten: {problem}. Probeer `/hiaten grafiek` zo dadelijk opnieuw."
)
CHART_ALREADY = (
    "Deze grafiek, met dezelfde cijfers, is daarnet al in dit kanaal gezet (of is nog onderweg): kijk even in het "
    "kanaal. Wil je ze toch nog eens, vraag ze dan over 10 minuten opnieuw met `/hiaten grafiek`."
)
UPLOAD_UNKNOWN = (
    "Slack antwoordde niet op tijd: misschien staat de grafiek al in dit kanaal. Kijk even; staat ze er niet, "
    "vraag ze dan over 10 minuten opnieuw met `/hiaten grafiek`."
)


def _answer_later(respond: Respond, text: str) -> None:
    answer_later(respond, text)


def _report(context: BoltContext) -> GapReport | None:
    with transaction(context) as session:
        return gap_report(session, network(context).id, current_period())


def _answer(context: BoltContext) -> tuple[GapReport, list[Block]] | None:
    """The report and its blocks; the coordinator also gets a select per question without a category."""
    net = network(context)
    period = current_period()
    with transaction(context) as session:
        report = gap_report(session, net.id, period)
        if report is None:
            return None
        unsorted, labels = [], None
        if net.is_coordinator(context.user_id):
            unsorted = unsorted_signals(session, net.id, *period.bounds_utc())
            labels = category_labels(session, net.id)
    return report, gaps_message(report, unsorted, labels)


def _scan(context: BoltContext) -> list[Block]:
    with transaction(context) as session:
        own, linked = scan_inputs(session, network(context).id)
    comparison = compare_neighbourhoods(linked) if linked else None
    return scan_blocks(own.name, scan_neighbourhood(own.offers, own.has_coordinator), comparison)


def home_section(request: HomeRequest) -> list[Block]:
    """The Home tab: the network's biggest gaps of the last 90 days."""
    report = gap_report(request.session, request.network.id, current_period())
    if report is None:
        return gaps_section([])
    analysis = report.analysis
    return gaps_section(
        [(report.label(r.category), r) for r in analysis.gaps[:HOME_GAPS]],
        need_seen=any(r.need for r in analysis.rows),
        uncounted=analysis.uncategorised_unmet + analysis.uncategorised_needs,
    )


def register(app: App) -> None:
    def hiaten(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        text = clean_text(command.get("text")).lower()
        if text == CHART:
            ack(response_type="ephemeral", text=CHART_COMING)
            return
        if text == SCAN:
            ack(response_type="ephemeral", text="Wijkscan", blocks=_scan(context))
            return
        answer = None if text else _answer(context)
        if answer is None:  # an unknown word after /hiaten: say so, and what it can do
            ack(response_type="ephemeral", text="Hiaten", blocks=hiaten_help(clean_text(command.get("text")) or None))
            return
        report, blocks = answer
        ack(response_type="ephemeral", text=f"Hiaten in {escape(report.network_name)}", blocks=blocks)

    @app.action(UNSORTED_ACTION)
    def sort(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        """The coordinator chose a category for a question without one: it counts from now on."""
        ack()
        net = network(context)
        kind, _, signal_id = str(action.get("block_id", "")).partition("_")
        category = str((action.get("selected_option") or {}).get("value") or "")
        if not net.is_coordinator(context.user_id):
            respond(text=ONLY_COORDINATOR, response_type="ephemeral", replace_original=False)
            return
        with transaction(context) as session:
            known = category in category_labels(session, net.id)
            done = known and signal_id.isdigit() and sort_signal(session, net.id, kind, int(signal_id), category)
        if not done:
            respond(text=SORT_GONE, response_type="ephemeral", replace_original=False)
        answer = _answer(context)
        if answer is not None:
            report, blocks = answer
            respond(text=f"Hiaten in {escape(report.network_name)}", blocks=blocks, replace_original=True)

    def post_chart(command: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
        """Draw and upload the chart, once: a doubled or retried request finds the first one's claim. A
        failed upload is not retried on its own (a chart is asked for, not announced): the person is told
        and can ask again."""
        if clean_text(command.get("text")).lower() != CHART:
            return
        report = _report(context)
        if report is None or report.analysis.is_empty:
            _answer_later(respond, NO_SIGNALS)
            return
        png = gap_chart_png(report)
        net, channel_id = network(context), str(command["channel_id"])
        key = f"{report.period.first.isoformat()}/{report.period.last.isoformat()}:{sha256(png).hexdigest()[:16]}"
        with transaction(context) as session:
            claimed = chart_uploads.claim_upload(session, net.id, channel_id, key, utcnow())
        if not claimed:
            _answer_later(respond, CHART_ALREADY)
            return
        try:
            delivery_client(client).files_upload_v2(
                channel=channel_id,
                file=png,
                filename="hiaten.png",
                title=f"Hiaten in {report.network_name} ({report.period.describe_nl()})",
                initial_comment=chart_caption(report),
            )
        except TimeoutError:  # Slack may have it: not again at once, and say only what is known
            log.warning("hiaten chart upload: no answer in time", exc_info=True)
            with transaction(context) as session:
                chart_uploads.finish_upload(session, net.id, channel_id, key, utcnow())
            _answer_later(respond, UPLOAD_UNKNOWN)
            return
        except SLACK_FAILURES as exc:
            with transaction(context) as session:
                chart_uploads.release_upload(session, net.id, channel_id, key)
            if isinstance(exc, SlackApiError):
                error = exc.response.get("error", "onbekende fout")
                log.warning("hiaten chart upload refused: %s", error)
                if error in ("not_in_channel", "channel_not_found"):
                    _answer_later(respond, UPLOAD_REFUSED.format(error=error))
                else:
                    _answer_later(respond, UPLOAD_TROUBLE.format(problem=slack_problem(exc)))
            else:  # the upload URL did not answer; Bolt would only log a lazy listener's error
                log.warning("hiaten chart upload failed", exc_info=True)
                _answer_later(respond, UPLOAD_FAILED)
            return
        with transaction(context) as session:
            chart_uploads.finish_upload(session, net.id, channel_id, key, utcnow())

    app.command("/hiaten")(ack=hiaten, lazy=[post_chart])
