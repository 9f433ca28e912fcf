"""Security headers on every response, HSTS only over https, and the rate limits of the API and OAuth routes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask

from plugin.app import create_app, shutdown
from plugin.config import ConfigError, Settings, load_settings
from storage.api_tokens import create_token
from storage.db import Database
from storage.models import Network


def _app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    yield app
    shutdown(app)


@pytest.fixture
def limited(settings: Settings) -> Iterator[Flask]:
    yield from _app(replace(settings, rate_limit_api_token="3/minute", rate_limit_api_address="5/minute"))


@pytest.fixture
def limited_oauth(oauth_settings: Settings) -> Iterator[Flask]:
    yield from _app(replace(oauth_settings, rate_limit_oauth="2/minute"))


def _tokens(db: Database, count: int) -> list[str]:
    with db.transaction() as session:
        network = session.query(Network).filter_by(team_id="T1").one()
        return [create_token(session, network.id, f"t{i}")[1] for i in range(count)]


@pytest.mark.parametrize(
    "method, path",
    [("GET", "/healthz"), ("POST", "/slack/events"), ("GET", "/api/v1/services"), ("GET", "/nergens"),
     ("GET", "/slack/install"), ("PUT", "/healthz")],  # fmt: skip
)
def test_every_response_has_the_security_headers(oauth_app: Flask, method: str, path: str) -> None:
    response = oauth_app.test_client().open(path, method=method)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "Strict-Transport-Security" not in response.headers  # plain http


def test_the_install_page_may_show_only_its_own_style_and_slacks_button(oauth_app: Flask) -> None:
    response = oauth_app.test_client().get("/slack/install")
    assert response.status_code == 200 and response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "img-src https://platform.slack-edge.com" in csp
    assert "style-src 'sha256-" in csp and "script-src" not in csp


def test_hsts_only_over_https(app: Flask, settings: Settings) -> None:
    assert "Strict-Transport-Security" in app.test_client().get("/healthz", base_url="https://localhost").headers
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert "Strict-Transport-Security" not in app.test_client().get("/healthz", headers=forwarded).headers
    for proxied in _app(replace(settings, trusted_proxy_hops=1)):
        response = proxied.test_client().get("/healthz", headers=forwarded)
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_api_is_limited_per_token_with_a_dutch_429(limited: Flask, db: Database, social_map) -> None:
    first, second = _tokens(db, 2)
    client = limited.test_client()
    for _ in range(3):
        assert client.get("/api/v1/services", headers={"Authorization": f"Bearer {first}"}).status_code == 200
    refused = client.get("/api/v1/services", headers={"Authorization": f"Bearer {first}"})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 61
    body = refused.get_json()
    assert body["error"] == "rate_limited"
    assert body["message"] == f"Te veel verzoeken. Probeer het over {refused.headers['Retry-After']} seconden opnieuw."
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    # another token from the same address still has its own allowance
    assert client.get("/api/v1/services", headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_api_is_limited_per_address_even_with_ever_new_bad_tokens(limited: Flask) -> None:
    client = limited.test_client()
    statuses = [
        client.get("/api/v1/services", headers={"Authorization": f"Bearer bad-{i}"}).status_code for i in range(8)
    ]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    other = client.get("/api/v1/services", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 401  # another address is not punished


def test_oauth_routes_are_limited_per_address(limited_oauth: Flask) -> None:
    client = limited_oauth.test_client()
    assert [client.get("/slack/install").status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get("/slack/oauth_redirect?code=x&state=y")
    assert refused.status_code == 429 and "Te veel pogingen" in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) >= 1


def test_rate_limits_and_proxy_hops_come_from_the_environment() -> None:
    settings = load_settings({"RATE_LIMIT_API_TOKEN": "10/second", "RATE_LIMIT_STORAGE_URI": "memory://",
                              "TRUSTED_PROXY_HOPS": "1"})  # fmt: skip
    assert settings.rate_limit_api_token == "10/second" and settings.trusted_proxy_hops == 1
    with pytest.raises(ConfigError):
        load_settings({"TRUSTED_PROXY_HOPS": "veel"})


def test_a_redirect_says_in_dutch_where_it_goes(app: Flask) -> None:
    """A browser follows the Location header; the body is for when it does not (Flask's own is English)."""
    from flask import redirect

    with app.test_request_context("/"):
        response = redirect('/kaart/x?q=<b>"', code=303)
    body = response.get_data(as_text=True)
    assert response.status_code == 303 and response.headers["Location"] == '/kaart/x?q=<b>"'
    assert 'lang="nl"' in body and "Je wordt doorgestuurd" in body
    assert "Redirecting" not in body and "<b>" not in body and "&lt;b&gt;&quot;" in body
