"""A tiny local HTTP server (127.0.0.1 only) whose routes a test defines."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict, bytes]]


class LocalServer:
    """Serves `routes` (path -> handler returning status, headers, body) on a free port."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    status, headers, body = 404, {}, b"not found"
                else:
                    status, headers, body = route(self)
                if status < 0:  # a route that answers by itself (trickle, hang)
                    return
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass

            def log_message(self, *args):
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def static(body: bytes | str, content_type: str = "text/html; charset=utf-8",
           status: int = 200, headers: dict | None = None) -> Route:
    data = body.encode() if isinstance(body, str) else body

    def route(_handler):
        return status, {"Content-Type": content_type, **(headers or {})}, data

    return route


def hang(seconds: float) -> Route:
    def route(_handler):
        time.sleep(seconds)
        return 200, {"Content-Type": "text/plain"}, b"late"

    return route
