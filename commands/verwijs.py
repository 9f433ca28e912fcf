"""`/verwijs <vraag>`: find the right partner, log a referral, or report the question as a need.

parse → search (domain.referral_search via storage.search_index) → render (plugin.views.referrals).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.counts_nl import count_nl
from domain.ids import parse_id
from domain.offering_form import clean_text
from domain.privacy import personal_data_found
from domain.referral_search import guess_categories
from plugin.forms import FormRejected, handle_form
from plugin.knowledge_hints import hints_for_query
from plugin.notify import tell
from plugin.referral_delivery import deliver_now, queue_for_organisation
from plugin.request_scope import network, sealed, settings, transaction, view_data
from plugin.views.form_values import value_of
from plugin.views.kit import button, escape, fit_message, message_json
from plugin.views.kit import context as context_block
from plugin.views.offerings import offering_card, referral_modal
from plugin.views.referrals import (
    PAGE,
    filtered_out_message,
    gap_message,
    gap_reported_message,
    help_message,
    referral_logged_message,
    results_message,
    search_modal,
    search_results_modal,
)
from storage import catalog, public_map, referral_outcomes
from storage.base import utcnow
from storage.search_index import SearchIndexCache, find_referrals, scope_ids, search_scope
from storage.tenants import Tenant, TenantCache

log = logging.getLogger(__name__)
QUERY_MAX = 500
NOTE_MAX = 280  # the referral note (the form says so too)


def _search_blocks(context: BoltContext, query: str, shown: int) -> tuple[str, list[dict[str, Any]]]:
    net = network(context)
    cache: SearchIndexCache = context["search"]
    now = utcnow()
    tenant: Tenant | None = context.get("tenant")  # a bound channel: read by the middleware (storage.tenants)
    tenants: TenantCache = context["tenants"]
    with tenants.reading() if tenant is not None else transaction(context) as session:  # only reads
        scope = list(tenant.scope) if tenant is not None else search_scope(session, net.id)
        answer = find_referrals(session, cache, scope, net.neighbourhood, query, now, shown)
        tips = hints_for_query(session, context, scope, query)
        outcome = answer.outcome
        if outcome.filtered_out:
            blocks = filtered_out_message(
                query,
                outcome,
                answer.offerings,
                now,
                own_neighbourhood=net.neighbourhood,
                show_network=answer.show_network,
                memo=answer.memo,
            )
            return f"Niets dat aan je voorwaarden voldoet voor “{escape(query)}”.", fit_message(blocks + tips)
        if outcome.is_gap or not outcome.hits:
            blocks = gap_message(query, empty_network=answer.searched == 0)
            return f"Geen aanbod gevonden voor “{escape(query)}”.", blocks + tips
        slip = slip_link(session, context, [h.doc.id for h in outcome.hits[: min(shown, 3)]])
        blocks = results_message(
            query,
            answer.outcome,
            answer.offerings,
            now,
            shown=shown,
            own_neighbourhood=net.neighbourhood,
            show_network=answer.show_network,
            slip_url=slip,
            often_helped=cache.often_helped.of(session, scope, now),
            memo=answer.memo,
        )
    return f"{count_nl(len(answer.outcome.hits), 'resultaat')} voor “{escape(query)}”", fit_message(blocks + tips)


def slip_link(session: Session, context: BoltContext, doc_ids: list[str]) -> str | None:
    """The printable slip of these results on the network's public page, when that page is on."""
    tenant: Tenant | None = context.get("tenant")
    slug = tenant.public_slug if tenant is not None else public_map.public_slug(session, network(context).id)
    if slug is None or not doc_ids:
        return None
    return f"{settings(context).public_url}/kaart/{slug}/briefje?" + "&".join(f"o={i}" for i in doc_ids)


def register(app: App) -> None:
    @app.command("/verwijs")
    def verwijs(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        query = clean_text(command.get("text"))
        if not query:
            with transaction(context) as session:
                categories = catalog.category_labels(session, network(context).id)
            ack(response_type="ephemeral", text="Zoek de juiste partner", blocks=help_message(categories))
            return
        if len(query) > QUERY_MAX:
            ack(
                response_type="ephemeral", text=f"Je vraag is te lang ({len(query)} tekens). Hou het onder {QUERY_MAX}."
            )
            return
        text, blocks = _search_blocks(context, query, PAGE)
        ack(message_json(text, blocks))

    @app.action("verwijs_more")
    def more(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext, respond: Respond,
        client: WebClient,
    ) -> None:  # fmt: skip
        ack()
        try:
            state = json.loads(action.get("value") or "{}")
            query, shown = clean_text(state["q"])[:QUERY_MAX], parse_id(state["n"], low=0, high=10_000)
            if shown is None:
                raise ValueError("not a page offset")
        except (ValueError, KeyError, TypeError):
            respond(text="Deze knop is verlopen. Zoek opnieuw met `/verwijs`.", replace_original=False)
            return
        text, blocks = _search_blocks(context, query, shown)
        if body.get("view"):
            client.views_update(view_id=body["view"]["id"], view=sealed(context, search_results_modal(query, blocks)))
        else:
            respond(text=text, blocks=blocks, replace_original=True)

    @app.action("verwijs_zoek_open")
    def open_search(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        """The Home tab's *Zoek doorverwijzing*: the same search, in a modal."""
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=sealed(context, search_modal()))

    @app.view("verwijs_zoek")
    def search_from_modal(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        query = clean_text(value_of(view["state"]["values"], "query"))[:QUERY_MAX]
        if not query:
            ack(response_action="errors", errors={"query": "Typ wat je cliënt nodig heeft."})
            return
        _text, blocks = _search_blocks(context, query, PAGE)
        ack(response_action="update", view=sealed(context, search_results_modal(query, blocks)))

    @app.action("verwijs_category")
    def by_category(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        net = network(context)
        slug = action.get("value", "")
        now = utcnow()
        with transaction(context) as session:
            labels = catalog.category_labels(session, net.id)
            found = [o for o in catalog.offerings(session, net.id, statuses=("active",)) if slug in o.categories]
            found.sort(key=lambda o: (o.area is None, o.organisation.name, o.name))
            blocks: list[dict[str, Any]] = [
                context_block(f"*{labels.get(slug, slug)}*: {count_nl(len(found), 'aanbieding')}")
            ]
            for offering in found[:12]:
                blocks += offering_card(
                    offering,
                    now,
                    city_wide=offering.area is None,
                    action=button("Verwijs door", "verwijs_refer", str(offering.id), style="primary"),
                )
        if not found:
            blocks = gap_message(labels.get(slug, slug))
        respond(text=labels.get(slug, slug), blocks=blocks, replace_original=True)

    @app.action("verwijs_refer")
    def open_referral(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        net = network(context)
        with transaction(context) as session:
            offering = catalog.get_offering(session, scope_ids(session, net.id), parse_id(action.get("value")) or 0)
            if offering is None:
                return
            view = referral_modal(offering, catalog.category_labels(session, net.id), context.channel_id)
        if body.get("view"):  # the button sits in the search modal: stack the form on top of it
            client.views_push(trigger_id=body["trigger_id"], view=sealed(context, view))
        else:
            client.views_open(trigger_id=body["trigger_id"], view=sealed(context, view))

    def store_referral(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        values = view["state"]["values"]
        note = clean_text(value_of(values, "note"))
        if len(note) > NOTE_MAX:  # the length first: the content check never reads a 100 KB note
            raise FormRejected({"note": f"Maximaal {NOTE_MAX} tekens (nu {len(note)})."})
        found = personal_data_found(note)
        if found:
            raise FormRejected({"note": f"Dit lijkt {found}. Laat persoonsgegevens van je cliënt weg."})
        meta = view_data(context)
        net = network(context)
        with transaction(context) as session:
            offering = catalog.get_offering(session, scope_ids(session, net.id), parse_id(meta.get("offering")) or 0)
            if offering is None:
                raise FormRejected({"category": "Dit aanbod bestaat niet meer."})
            category = value_of(values, "category")
            referral = catalog.record_referral(
                session,
                net.id,
                offering,
                from_user_id=context.user_id or "",
                category=category,
                note=note,
            )
            receivers = catalog.organisation_member_ids(session, offering.network_id, offering.organisation_id)
            card = referral_outcomes.card(session, referral.id)
            assert card is not None  # just recorded, in this transaction
            return {
                "id": referral.id,
                "offering": offering.id,
                "receivers": receivers,
                "channel": meta.get("channel"),
                "outbox": queue_for_organisation(session, card, receivers),
            }

    def notify_referral(context: BoltContext, client: WebClient) -> None:
        info = context.get("referral")
        if not info:
            return
        with transaction(context) as session:
            offering = catalog.get_offering(session, scope_ids(session, network(context).id), info["offering"])
            if offering is None:
                return
        referrer = context.user_id
        # The DMs carry the outcome buttons (commands/doorverwijzing.py answers them); stored in the
        # outbox with the referral, so what Slack refuses now is retried, never sent twice.
        deliver_now(client, lambda: transaction(context), info["outbox"])
        blocks = referral_logged_message(offering, info["receivers"])
        tell(
            client,
            user_id=referrer or "",
            channel_id=info.get("channel"),
            text="Doorverwijzing genoteerd",
            blocks=blocks,
        )

    handle_form(app, "verwijs_door", store_referral, then=[notify_referral], key="referral")

    @app.action("verwijs_report_gap")
    def report_gap(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        query = clean_text(action.get("value"))[:QUERY_MAX]
        if not query:
            return
        categories = [slug for slug, _score in guess_categories(query)[:2]]
        with transaction(context) as session:
            new = catalog.record_unmet_question(
                session, network(context).id, user_id=context.user_id or "", query=query, categories=categories
            )
        text = "Genoteerd als nood" if new else "Staat al genoteerd als nood"
        blocks = gap_reported_message(query, already=not new, uncategorised=not categories)
        respond(text=text, blocks=blocks, replace_original=True)
