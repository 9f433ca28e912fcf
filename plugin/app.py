"""Flask application factory: settings, database, Bolt app, routes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape
from typing import Any

from flask import Flask
from werkzeug.wrappers import Response as BaseResponse

from plugin.config import Settings, load_settings, open_database


class DutchFlask(Flask):
    """Flask whose redirects carry a Dutch body (a browser follows the Location header; the body is what
    someone sees when it does not): Flask's own says "Redirecting..." in English."""

    def redirect(self, location: str, code: int = 302) -> BaseResponse:
        response = super().redirect(location, code)
        link = escape(location)
        response.set_data(
            '<!doctype html>\n<html lang="nl">\n<title>Doorsturen</title>\n'
            f'<p>Je wordt doorgestuurd. Gebeurt dat niet, volg dan <a href="{link}">deze link</a>.</p>\n'
        )
        return response


class LazyWork(ThreadPoolExecutor):
    """The lazy listeners' executor; it counts the work not yet finished, so that a caller can wait until
    everything submitted so far (and anything that work submits in turn) is done."""

    def __init__(self, max_workers: int, thread_name_prefix: str = "") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._unfinished = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._unfinished += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._finished()
            raise
        future.add_done_callback(lambda _: self._finished())
        return future

    def _finished(self) -> None:
        with self._idle:
            self._unfinished -= 1
            if self._unfinished == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """True once no submitted work is left unfinished; False if that took longer than `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    settings = settings or load_settings()
    if overrides:
        from dataclasses import replace

        settings = replace(settings, **overrides)
    if not settings.signing_secret:
        settings = settings.with_dev_secret()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # its plugin list at every start

    app = DutchFlask(__name__, instance_path=str(settings.instance_path.resolve()))
    app.extensions["lerend_netwerk.settings"] = settings
    db = open_database(settings)
    app.extensions["lerend_netwerk.db"] = db

    from plugin.api import init_api
    from plugin.bolt_app import build_bolt_app
    from plugin.protection import install_protection
    from plugin.routes import init_routes
    from plugin.warmup import warm_search_caches
    from plugin.web import init_web
    from storage.search_index import SearchIndexCache
    from storage.tenants import TenantCache

    lazy_work = LazyWork(max_workers=8, thread_name_prefix="lazy-listener")
    app.extensions["lerend_netwerk.lazy_work"] = lazy_work
    search = SearchIndexCache(settings.search_cache_size)
    app.extensions["lerend_netwerk.search"] = search
    tenants = TenantCache(db.engine, settings.tenant_cache_size, statement_engine=db.quick_reads)
    app.extensions["lerend_netwerk.tenants"] = tenants
    bolt = build_bolt_app(settings, db, lazy_work, tenants, search)
    warm_stop = threading.Event()
    app.extensions["lerend_netwerk.warm_stop"] = warm_stop
    if settings.warm_search_at_start:  # in the background: requests are served meanwhile
        lazy_work.submit(warm_search_caches, db, search, limit=settings.search_cache_size, stop=warm_stop)
    app.extensions["lerend_netwerk.bolt"] = bolt
    init_routes(app, bolt, db, settings.signing_secret or "")
    init_api(app, db)
    init_web(app, settings)
    _answer_routing_errors(app)
    install_protection(app, settings)
    return app


def _answer_routing_errors(app: Flask) -> None:
    """Routing fails before a blueprint is chosen, so 404 and 405 are app-wide: each area (the API's JSON,
    the public pages' Dutch HTML) answers for its own paths, and any other path keeps Flask's answer."""
    from werkzeug.exceptions import HTTPException

    from plugin import api, web

    def routing_error(error: HTTPException) -> Any:
        for area in (api.http_error, web.http_error):
            answer = area(error)
            if answer is not error:
                return answer
        return error

    app.register_error_handler(404, routing_error)
    app.register_error_handler(405, routing_error)


def shutdown(app: Flask) -> None:
    """Stop warming the caches, let lazy listeners finish (they may still post to Slack), then close the
    database connections."""
    app.extensions["lerend_netwerk.warm_stop"].set()
    app.extensions["lerend_netwerk.lazy_work"].shutdown(wait=True)
    app.extensions["lerend_netwerk.tenants"].close()  # each request thread's own connection (storage.tenants)
    app.extensions["lerend_netwerk.db"].dispose()
