"""The read-only HSDS API: Page wrapper, paging, search, category filter, tokens, and tenancy."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from domain.hsds import dump_document
from plugin.cli import main
from storage import catalog
from storage.api_tokens import create_token
from storage.db import Database
from storage.hsds_io import export_organisations
from storage.models import ApiToken, Network, Offering
from storage.networks import create_network

BORGERHOUT_NAMES = [
    "Digicafé op woensdagnamiddag",
    "Hulp bij itsme en e-loket",
    "Itsme-spreekuur in het stadhuis",
    "Laptop ontlenen",
]


@pytest.fixture
def tokens(db: Database, social_map: dict[str, int]) -> dict[str, str]:
    """Borgerhout (social_map) and Deurne, each with a token. Deurne's laptop reuses Borgerhout's laptop's
    HSDS id: ids are unique per network only, as after importing one file into both."""
    with db.transaction() as session:
        borgerhout = session.scalars(select(Network)).one()
        laptop = session.get_one(Offering, social_map["laptop"])
        deurne = create_network(session, team_id="T2", name="Lerend netwerk Deurne", coordinator_user_id="UD")
        bib = catalog.get_or_create_organisation(session, deurne.id, "Bib Deurne")
        catalog.add_offering(
            session, deurne.id, bib, hsds_id=laptop.hsds_id, name="Laptop ontlenen in Deurne", categories=[]
        )
        catalog.add_offering(session, deurne.id, bib, hsds_id="deurne-only", name="Tablet ontlenen", categories=[])
        return {
            "borgerhout": create_token(session, borgerhout.id, "test")[1],
            "deurne": create_token(session, deurne.id)[1],
        }


def get(client: FlaskClient, path: str, token: str | None, status: int = 200) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get(path, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def names(page: dict[str, Any]) -> list[str]:
    return [service["name"] for service in page["contents"]]


def test_services_come_as_an_hsds_page_ordered_by_name(app: Flask, db: Database, tokens: dict[str, str]) -> None:
    page = get(app.test_client(), "/api/v1/services", tokens["borgerhout"])
    assert {k: v for k, v in page.items() if k != "contents"} == {
        "total_items": 4,
        "total_pages": 1,
        "page_number": 1,
        "size": 4,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    assert names(page) == BORGERHOUT_NAMES
    laptop = page["contents"][3]
    with db.transaction() as session:
        exported = dump_document(export_organisations(session, session.scalars(select(Network)).first()))
    bib = next(org for org in exported["organizations"] if org["name"] == "Bibliotheek Borgerhout")
    same = next(service for service in bib["services"] if service["name"] == "Laptop ontlenen")
    assert {k: v for k, v in laptop.items() if k != "organization"} == same  # the export's serialisation
    assert laptop["organization"] == {k: v for k, v in bib.items() if k != "services"}
    assert laptop["organization_id"] == bib["id"] and laptop["status"] == "active"


def test_paging_and_bad_parameters(app: Flask, tokens: dict[str, str]) -> None:
    client, token = app.test_client(), tokens["borgerhout"]
    first = get(client, "/api/v1/services?per_page=3", token)
    assert (first["size"], first["total_pages"], first["first_page"], first["last_page"]) == (3, 2, True, False)
    second = get(client, "/api/v1/services?per_page=3&page=2", token)
    assert names(second) == BORGERHOUT_NAMES[3:] and second["last_page"] and not second["first_page"]
    beyond = get(client, "/api/v1/services?per_page=3&page=3", token)
    assert beyond["empty"] and beyond["contents"] == [] and beyond["total_items"] == 4
    for query in ("page=0", "page=x", "per_page=0", "per_page=101", "per_page=-5", "page=99999999999", "per_page=²"):
        error = get(client, f"/api/v1/services?{query}", token, status=400)
        assert error["error"] == "invalid_parameter" and query.split("=")[0] in error["message"]
    assert get(client, "/api/v1/services?per_page=100", token)["size"] == 4


def test_status_category_filter_and_search(app: Flask, db: Database, tokens: dict[str, str], social_map) -> None:
    client, token = app.test_client(), tokens["borgerhout"]
    with db.transaction() as session:
        catalog.set_status(session, session.get_one(Offering, social_map["digicafe"]), "paused")
        catalog.set_status(session, session.get_one(Offering, social_map["stad_itsme"]), "ended")
    page = get(client, "/api/v1/services", token)
    assert names(page) == ["Digicafé op woensdagnamiddag", "Hulp bij itsme en e-loket", "Laptop ontlenen"]
    assert page["contents"][0]["status"] == "inactive"  # paused offerings stay listed; ended ones do not

    itsme = get(client, "/api/v1/services?taxonomy_term_id=e-overheid-en-itsme", token)
    assert names(itsme) == ["Hulp bij itsme en e-loket"]
    assert get(client, "/api/v1/services?taxonomy_term_id=onbekend", token)["empty"]
    assert get(client, "/api/v1/services?taxonomy_term_id=%25", token)["total_items"] == 0  # no LIKE wildcards

    found = get(client, "/api/v1/services?search=laptop%20lenen", token)
    assert names(found)[0] == "Laptop ontlenen"
    both = get(client, "/api/v1/services?search=hulp%20bij%20itsme&taxonomy_term_id=toestel-en-internet", token)
    assert "Hulp bij itsme en e-loket" not in names(both)
    assert get(client, "/api/v1/services?search=loodgieter%20lekkende%20kraan", token)["total_items"] == 0
    assert get(client, "/api/v1/services?search=" + "x" * 501, token, status=400)["error"] == "invalid_parameter"


def test_without_a_valid_token_nothing_is_shown(app: Flask, db: Database, tokens: dict[str, str]) -> None:
    client = app.test_client()
    for headers in ({}, {"Authorization": "Bearer lnk_wrong"}, {"Authorization": "Basic dXNlcjpwdw=="}):
        response = client.get("/api/v1/services", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.get_json()["error"] in ("unauthorized", "invalid_token")
    with db.transaction() as session:
        assert all(len(t.token_sha256) == 64 for t in session.scalars(select(ApiToken)))
        assert tokens["borgerhout"] not in {t.token_sha256 for t in session.scalars(select(ApiToken))}


def test_a_token_never_sees_another_networks_services(app: Flask, db: Database, tokens: dict[str, str]) -> None:
    client = app.test_client()
    assert names(get(client, "/api/v1/services", tokens["deurne"])) == ["Laptop ontlenen in Deurne", "Tablet ontlenen"]
    assert get(client, "/api/v1/services?search=itsme", tokens["deurne"])["total_items"] == 0
    with db.transaction() as session:
        shared_id = session.scalars(select(Offering.hsds_id).where(Offering.name == "Laptop ontlenen")).one()
        only_borgerhout = session.scalars(select(Offering.hsds_id).where(Offering.name == "Hulp bij itsme en e-loket"))
        only_borgerhout_id = only_borgerhout.one()
    assert get(client, f"/api/v1/services/{shared_id}", tokens["borgerhout"])["name"] == "Laptop ontlenen"
    assert get(client, f"/api/v1/services/{shared_id}", tokens["deurne"])["name"] == "Laptop ontlenen in Deurne"
    missing = get(client, f"/api/v1/services/{only_borgerhout_id}", tokens["deurne"], status=404)
    assert missing["error"] == "not_found"
    get(client, "/api/v1/services/deurne-only", tokens["borgerhout"], status=404)


def test_cli_creates_lists_and_revokes_tokens(
    app: Flask, database_url: str, monkeypatch: pytest.MonkeyPatch, social_map: dict[str, int]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    runner, client = CliRunner(), app.test_client()
    created = runner.invoke(main, ["api-token", "create", "--team", "T1", "--label", "sociale kaart"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert token.startswith("lnk_") and "Bewaar het nu" in created.stderr
    assert get(client, "/api/v1/services", token)["total_items"] == 4

    listed = runner.invoke(main, ["api-token", "list", "--team", "T1"])
    assert "Lerend netwerk Borgerhout\tsociale kaart" in listed.output and token not in listed.output
    assert "laatst gebruikt nooit" not in listed.output
    token_id = listed.output.split("\t", 1)[0]

    assert runner.invoke(main, ["api-token", "revoke", token_id, "--team", "T9"]).exit_code == 1
    assert runner.invoke(main, ["api-token", "revoke", token_id, "--team", "T1"]).exit_code == 0
    get(client, "/api/v1/services", token, status=401)
    unknown = runner.invoke(main, ["api-token", "create", "--team", "T1", "--network", "Nergens"])
    assert unknown.exit_code == 1 and "Geen netwerk gevonden" in unknown.output


def test_unknown_paths_and_wrong_methods_answer_json_in_dutch(app: Flask, tokens: dict[str, str]) -> None:
    client = app.test_client()
    auth = {"Authorization": f"Bearer {tokens['borgerhout']}"}
    for path in ("/api/v1/organizations", "/api/v2/services", "/api", "/api/v1/services/x/y"):
        response = client.get(path, headers=auth)
        assert (response.status_code, response.mimetype) == (404, "application/json"), path
        body = response.get_json()
        assert body["error"] == "not_found" and "bestaat niet in de API" in body["message"]
    for method in ("post", "put", "delete"):
        response = getattr(client, method)("/api/v1/services", headers=auth)
        assert (response.status_code, response.mimetype) == (405, "application/json"), method
        assert response.get_json() == {
            "error": "method_not_allowed",
            "message": "Deze API kan alleen lezen: gebruik GET.",
        }
        assert "GET" in response.headers["Allow"]
    assert client.get("/nergens").mimetype == "text/html"  # outside the API Flask answers as before
    assert client.get("/slack/events").status_code == 405
