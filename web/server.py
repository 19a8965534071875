"""Serving the web view: `talkwatch web` in the foreground, or `serve` beside the schedule in a thread.

A bind to anything but loopback without `[web] token` is refused before anything starts (a config error,
exit 2): the database holds article text and delivery errors, and the view has no other access control.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

import uvicorn

from common.errors import ConfigError, ServiceError
from config.settings import Settings


def check_bind(settings: Settings) -> None:
    web = settings.web
    if not web.loopback and web.token is None:
        where = f"{settings.source}: " if settings.source else ""
        raise ConfigError(
            f'{where}web.token: required to serve on {web.host} (not loopback); set [web] token, or host = "127.0.0.1"'
        )


def start_line(settings: Settings) -> str:
    web = settings.web
    host = f"[{web.host}]" if ":" in web.host else web.host
    url = f"http://{host}:{web.port}/"
    if web.token is not None:
        return (
            f"talkwatch web: serving {url} (token required: send 'Authorization: Bearer <token>' or add ?token=<token>)"
        )
    return f"talkwatch web: serving {url} (loopback only, no token)"


class _Server(uvicorn.Server):
    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """Ctrl-C / SIGTERM: a graceful stop and exit 0, like `serve` (uvicorn would re-raise the signal after
        shutting down, so the process would end killed by it). A second Ctrl-C forces the exit."""
        del frame
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        else:
            self.should_exit = True


def _server(settings: Settings) -> uvicorn.Server:
    from web.app import create_app

    config = uvicorn.Config(
        create_app(settings),
        host=settings.web.host,
        port=settings.web.port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
        lifespan="off",
    )
    return _Server(config)


def run(settings: Settings) -> None:
    """Serve until Ctrl-C / SIGTERM (uvicorn stops cleanly on both)."""
    check_bind(settings)
    server = _server(settings)
    sys.stderr.write(start_line(settings) + "\n")
    sys.stderr.flush()
    try:
        server.run()
    except SystemExit:  # uvicorn exits when it cannot bind; say so in our one error line instead
        server.started = False
    if not server.started:
        raise ServiceError(
            f"cannot serve on {settings.web.host}:{settings.web.port} (address in use or not available; "
            "see [web] host/port)"
        )
    sys.stderr.write("talkwatch web: stopped\n")


class Background:
    """The web view in a daemon thread (for `serve`); `stop()` ends it."""

    def __init__(self, settings: Settings) -> None:
        check_bind(settings)
        self.settings = settings
        self.server = _server(settings)
        self.thread = threading.Thread(target=self.server.run, name="talkwatch-web", daemon=True)

    def start(self) -> None:
        sys.stderr.write(start_line(self.settings) + "\n")
        sys.stderr.flush()
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
