"""The service's base: health, signatures, tenancy, retries, OAuth install, CLI refusals."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlparse

from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, select

from plugin.cli import main
from storage import catalog
from storage.db import Database
from storage.models import HandledEvent, Member, Network
from tests.conftest import install_team
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver


def test_healthz_reports_database(app: Flask) -> None:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": True}


def test_healthz_503_when_database_is_down(settings, tmp_path) -> None:
    from dataclasses import replace

    from plugin.app import create_app, shutdown

    down = create_app(replace(settings, database_url="postgresql://nobody@127.0.0.1:1/none"))
    response = down.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] is False
    shutdown(down)


def test_unsigned_and_badly_signed_requests_are_refused(
    app: Flask, slack: SlackDriver, db: Database, fake_slack: FakeSlack
) -> None:
    body = "command=/verwijs&text=hulp&team_id=T1&user_id=U1&channel_id=C1"
    client = app.test_client()
    assert client.post("/slack/events", data=body, content_type="application/x-www-form-urlencoded").status_code == 401
    headers = slack.signed_headers(body, "application/x-www-form-urlencoded")
    headers["X-Slack-Signature"] = "v0=" + "0" * 64
    assert client.post("/slack/events", data=body, headers=headers).status_code == 401
    old = slack.signed_headers(body, "application/x-www-form-urlencoded", timestamp=int(time.time()) - 6 * 60)
    assert client.post("/slack/events", data=body, headers=old).status_code == 401
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 0
    assert fake_slack.calls == []


def test_first_request_creates_network_with_coordinator(slack: SlackDriver, db: Database) -> None:
    response = slack.command("/verwijs", "", user="UFIRST")
    assert response.status_code == 200
    slack.command("/verwijs", "", user="USECOND")
    with db.transaction() as session:
        networks = session.scalars(select(Network)).all()
        assert [(n.team_id, n.coordinator_user_id) for n in networks] == [("T1", "UFIRST")]
        members = session.scalars(select(Member.user_id).order_by(Member.id)).all()
        assert members == ["UFIRST", "USECOND"]


def test_event_retry_is_acknowledged_and_not_processed_twice(slack: SlackDriver, db: Database) -> None:
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    assert slack.event(event, event_id="EvSAME").status_code == 200
    assert slack.event(event, event_id="EvSAME", retry_num=1).status_code == 200
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(HandledEvent)) <= 1


def test_oauth_install_flow_creates_network_with_installer_as_coordinator(
    oauth_app: Flask, fake_slack: FakeSlack, db: Database
) -> None:
    client = oauth_app.test_client()
    install = client.get("/slack/install")
    assert install.status_code in (200, 302)
    location = install.headers.get("Location") or _link_in(install.get_data(as_text=True))
    query = parse_qs(urlparse(location).query)
    assert location.startswith(fake_slack.base_url + "/oauth/v2/authorize")
    state = query["state"][0]
    redirect = client.get(f"/slack/oauth_redirect?code=the-code&state={state}")
    assert redirect.status_code == 200, redirect.get_data(as_text=True)
    access = fake_slack.calls_to("oauth.v2.access")
    assert len(access) == 1 and access[0].params["code"] == "the-code"
    with db.transaction() as session:
        network = session.scalars(select(Network)).one()
        assert (network.team_id, network.name, network.coordinator_user_id) == ("T1", "Testwijk", "UINSTALLER")
        assert session.scalar(select(Member.user_id)) == "UINSTALLER"
        installed = session.execute(select(func.count()).select_from(_table(db, "slack_bots"))).scalar()
        assert installed == 1


def test_a_second_workspace_sees_none_of_the_first_ones_data(
    oauth_app: Flask, oauth_slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    install_team(oauth_app, fake_slack, "TA", "Deurne")
    install_team(oauth_app, fake_slack, "TB", "Hoboken")
    with db.transaction() as session:
        network_a = session.scalars(select(Network).where(Network.team_id == "TA")).one()
        organisation = catalog.get_or_create_organisation(session, network_a.id, "Bib Deurne")
        catalog.add_offering(
            session,
            network_a.id,
            organisation,
            hsds_id="",
            name="Laptop ontlenen in Deurne",
            categories=["toestel-en-internet"],
            description="Leen een laptop.",
        )
    seen_by_a = oauth_slack.command("/verwijs", "laptop lenen", team="TA", user="UINSTALLER").get_json()
    assert "Laptop ontlenen in Deurne" in json.dumps(seen_by_a, ensure_ascii=False)
    for command, text in (("/verwijs", "laptop lenen"), ("/aanbod", "lijst")):
        seen_by_b = oauth_slack.command(command, text, team="TB", user="UINSTALLER").get_json()
        assert "Deurne" not in json.dumps(seen_by_b, ensure_ascii=False)
    with db.transaction() as session:
        assert session.scalars(select(Network.name).order_by(Network.id)).all() == ["Deurne", "Hoboken"]


def test_single_workspace_mode_refuses_another_workspace(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    assert slack.command("/verwijs", "laptop", team="TOTHER").status_code == 200
    assert "niet geïnstalleerd" in fake_slack.wait_for("response_url")[0].params["text"]
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 0


def test_oauth_state_is_required(oauth_app: Flask, fake_slack: FakeSlack) -> None:
    client = oauth_app.test_client()
    response = client.get("/slack/oauth_redirect?code=x&state=forged")
    assert response.status_code == 400
    assert fake_slack.calls_to("oauth.v2.access") == []


def test_request_from_uninstalled_workspace_is_refused_cleanly(
    oauth_slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    response = oauth_slack.command("/verwijs", "hulp", team="TNOPE")
    assert response.status_code == 200
    assert "niet geïnstalleerd" in fake_slack.wait_for("response_url")[0].params["text"]
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 0


def test_serve_refuses_without_secrets(monkeypatch, tmp_path) -> None:
    for name in ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "SLACK_SIGNING_SECRET is not set" in result.output
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "Neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID + SLACK_CLIENT_SECRET is set" in result.output
    assert not (tmp_path / "x.sqlite3").exists()


def test_db_commands(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.sqlite3")
    runner = CliRunner()
    assert "empty" in runner.invoke(main, ["db", "current"]).output
    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "up to date" in runner.invoke(main, ["db", "current"]).output


def _link_in(html: str) -> str:
    start = html.index('<a href="') + len('<a href="')
    return html[start : html.index('"', start)].replace("&amp;", "&")


def _table(db: Database, name: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import MetaData, Table

    return Table(name, MetaData(), autoload_with=db.engine)


def test_retry_dedupe_holds_across_two_instances(settings, fake_slack: FakeSlack, db: Database) -> None:
    """Two app instances on one database: a retry, and a concurrent twin, are handled once."""
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    from plugin.app import create_app, shutdown
    from tests.conftest import SIGNING_SECRET

    apps = [create_app(settings), create_app(replace(settings))]
    drivers = [SlackDriver(a.test_client(), SIGNING_SECRET, fake_slack.response_url()) for a in apps]
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    assert drivers[0].event(event, event_id="EvA").status_code == 200
    assert drivers[1].event(event, event_id="EvA", retry_num=1).status_code == 200
    assert len(fake_slack.calls_to("views.publish")) == 1

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda d: d.event(event, event_id="EvB").status_code, drivers))
    assert results == [200, 200]
    assert len(fake_slack.calls_to("views.publish")) == 2
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(HandledEvent)) == 2
    for a in apps:
        shutdown(a)


def test_database_down_gives_a_dutch_apology(settings) -> None:
    from dataclasses import replace

    from plugin.app import create_app, shutdown
    from tests.conftest import SIGNING_SECRET

    down = create_app(replace(settings, database_url="postgresql://nobody@127.0.0.1:1/none"))
    driver = SlackDriver(down.test_client(), SIGNING_SECRET, "http://127.0.0.1:9/unused")
    response = driver.command("/verwijs", "laptop")
    assert response.status_code == 200
    assert response.get_json()["text"].startswith("Sorry, Lerend Netwerk kan zijn gegevens nu niet bereiken")
    assert "Traceback" not in response.get_data(as_text=True)
    shutdown(down)


def test_install_and_its_result_pages_speak_dutch(oauth_app: Flask, fake_slack: FakeSlack) -> None:
    """Bolt's own install, success and failure pages are English: ours say the same in Dutch."""
    client = oauth_app.test_client()
    install = client.get("/slack/install")
    page = install.get_data(as_text=True)
    assert install.status_code == 200 and '<html lang="nl">' in page
    assert "Voeg Lerend Netwerk toe aan Slack" in page and "Add to Slack" not in page
    state = parse_qs(urlparse(_link_in(page)).query)["state"][0]
    done = client.get(f"/slack/oauth_redirect?code=the-code&state={state}")
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "Lerend Netwerk is geïnstalleerd" in text
    assert "Thank you" not in text and "slack://app?team=T1" in text
    cancelled = client.get("/slack/oauth_redirect?error=access_denied&state=x")
    text = cancelled.get_data(as_text=True)
    assert "De installatie is niet gelukt" in text and "Je hebt de installatie geannuleerd" in text
    assert 'href="/slack/install"' in text and "Sorry" not in text
    forged = client.get("/slack/oauth_redirect?code=x&state=forged")
    assert forged.status_code == 400 and "niet gelukt" in forged.get_data(as_text=True)
