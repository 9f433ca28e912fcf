"""Entry points for gunicorn.

`gunicorn plugin.wsgi:app` is production: it refuses to start without SLACK_SIGNING_SECRET and Slack
credentials (a missing secret never silently means dev mode). `lerend-netwerk serve --dev` serves
`plugin.wsgi:dev_app()` instead: a local signing secret under instance/, no Slack needed.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from plugin.app import create_app
from plugin.config import load_settings


def production_app() -> Flask:
    settings = load_settings()
    settings.require_production_secrets()  # ConfigError: gunicorn stops with that one sentence
    return create_app(settings)


def dev_app() -> Flask:
    return create_app(load_settings().with_dev_secret())


def __getattr__(name: str) -> Any:
    """`app` is built on first access, so that importing this module for `dev_app()` builds nothing else."""
    if name == "app":
        globals()["app"] = application = production_app()
        return application
    raise AttributeError(name)
