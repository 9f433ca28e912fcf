"""Fixtures every feature's tests reuse: a clean database per test (SQLite or PostgreSQL, chosen
by TEST_DATABASE_URL), the fake Slack Web API over real HTTP, the app, and a signed-request driver."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from plugin.app import create_app, shutdown
from plugin.config import Settings
from storage import migrate
from storage.db import Database, normalise_database_url
from tests.blockkit import assert_valid_payload
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver

SIGNING_SECRET = "test-signing-secret"
KEEP_TABLES = {"alembic_version"}


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database per test process: a SQLite file to copy, or a PostgreSQL database to truncate."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        path = tmp_path_factory.mktemp("db") / "template.sqlite3"
        url = f"sqlite:///{path}"
        migrate.upgrade(url)
        yield url
        return
    base = make_url(normalise_database_url(server_url))
    name = f"lerend_test_{_worker()}_{os.getpid()}"  # concurrent runs on one server keep apart
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    if database_template.startswith("sqlite"):
        source = Path(make_url(database_template).database or "")
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"
    engine = create_engine(database_template)
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            if r[0] not in KEEP_TABLES
        ]
        if tables:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()
    return database_template


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def fake_slack_server() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_slack(fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    """The fake Slack; at the end of the test every Block Kit payload the app sent is validated."""
    fake_slack_server.reset()
    yield fake_slack_server
    for call in list(fake_slack_server.calls):
        assert_valid_payload(call.params)


@pytest.fixture
def settings(fake_slack: FakeSlack, database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        signing_secret=SIGNING_SECRET,
        bot_token="xoxb-test-token",
        slack_api_url=fake_slack.api_url,
        database_url=database_url,
        instance_path=tmp_path / "instance",
    )


@pytest.fixture
def oauth_settings(settings: Settings) -> Settings:
    from dataclasses import replace

    return replace(settings, bot_token=None, client_id="111.222", client_secret="oauth-secret")


def _make_app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    shutdown(app)


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    yield from _make_app(settings)


@pytest.fixture
def oauth_app(oauth_settings: Settings) -> Iterator[Flask]:
    yield from _make_app(oauth_settings)


class CheckedDriver(SlackDriver):
    """Validates every Block Kit body the app returns in its HTTP responses too."""

    def post(self, body, content_type, extra_headers=None):  # type: ignore[no-untyped-def]
        response = super().post(body, content_type, extra_headers)
        if response.is_json and isinstance(response.get_json(), dict):
            assert_valid_payload(response.get_json())
        elif response.data[:1] == b"{":
            assert_valid_payload(json.loads(response.data))
        return response


@pytest.fixture
def slack(app: Flask, fake_slack: FakeSlack) -> SlackDriver:
    return CheckedDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())


@pytest.fixture
def oauth_slack(oauth_app: Flask, fake_slack: FakeSlack) -> SlackDriver:
    return CheckedDriver(oauth_app.test_client(), SIGNING_SECRET, fake_slack.response_url())


# -- a small social map, shared by the offerings and referral tests ----------------------------------
COORDINATOR = "UTREKKER"


def _offering(session, network, organisation, **fields):  # type: ignore[no-untyped-def]
    from storage import catalog

    defaults = {"hsds_id": "", "languages": ["nl"], "location_kind": "address", "address": "Teststraat 1"}
    return catalog.add_offering(session, network.id, organisation, **{**defaults, **fields})


@pytest.fixture
def social_map(db: Database) -> dict[str, int]:
    """Network T1 (Borgerhout, channel C1, coordinator UTREKKER) with a few partners' offerings.

    Member UBIB speaks for the library, UCAW for the CAW. Returns offering ids by short name.
    """
    from storage import catalog
    from storage.networks import create_network

    with db.transaction() as session:
        network = create_network(
            session,
            team_id="T1",
            name="Lerend netwerk Borgerhout",
            coordinator_user_id=COORDINATOR,
            channel_id="C1",
            neighbourhood="Borgerhout",
        )
        bib = catalog.get_or_create_organisation(session, network.id, "Bibliotheek Borgerhout", "bibliotheek")
        caw = catalog.get_or_create_organisation(session, network.id, "CAW onthaal", "caw")
        stad = catalog.get_or_create_organisation(session, network.id, "Digipunt Stad", "stadsdienst")
        catalog.link_member(session, network, "UBIB", bib)
        catalog.link_member(session, network, "UCAW", caw)
        ids = {
            "laptop": _offering(
                session,
                network,
                bib,
                name="Laptop ontlenen",
                area="Borgerhout",
                description="Leen een laptop voor drie weken met je bibkaart.",
                categories=["toestel-en-internet"],
                openings=[[1, "10:00", "18:00"], [2, "10:00", "18:00"]],
            ),
            "digicafe": _offering(
                session,
                network,
                bib,
                name="Digicafé op woensdagnamiddag",
                area="Borgerhout",
                description="Vrijwilligers helpen met je smartphone, e-mail en apps.",
                categories=["basisvaardigheden", "smartphone-en-apps"],
                languages=["nl", "ar"],
                openings=[[2, "13:30", "16:30"]],
            ),
            "itsme": _offering(
                session,
                network,
                caw,
                name="Hulp bij itsme en e-loket",
                area="Borgerhout",
                description="We helpen je itsme te installeren en online formulieren in te vullen.",
                categories=["e-overheid-en-itsme", "administratie-en-formulieren"],
                languages=["nl", "fr"],
                openings=[[0, "09:00", "12:00"]],
                access="appointment",
                by_appointment=True,
            ),
            "stad_itsme": _offering(
                session,
                network,
                stad,
                name="Itsme-spreekuur in het stadhuis",
                area=None,
                description="Stadsbreed spreekuur voor itsme, eID en pincodes.",
                categories=["e-overheid-en-itsme"],
                openings=[[3, "09:00", "12:00"]],
            ),
        }
        return {name: offering.id for name, offering in ids.items()}


def install_team(app: Flask, fake: FakeSlack, team_id: str, team_name: str) -> None:
    """Run the OAuth install flow for a workspace against the fake Slack."""
    from urllib.parse import parse_qs, urlparse

    fake.team_id, fake.team_name = team_id, team_name
    client = app.test_client()
    html = client.get("/slack/install").get_data(as_text=True)
    start = html.index('<a href="') + len('<a href="')
    location = html[start : html.index('"', start)].replace("&amp;", "&")
    state = parse_qs(urlparse(location).query)["state"][0]
    response = client.get(f"/slack/oauth_redirect?code=code-{team_id}&state={state}")
    assert response.status_code == 200, response.get_data(as_text=True)
