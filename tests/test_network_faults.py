"""Network faults against servers on 127.0.0.1 only: busy servers, trickles, TLS, refusals,
changing item ids, the same item in several feeds, a gzip bomb, and a kill during fetch."""

from __future__ import annotations

import gzip
import os
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import write
from tests.httpserver import LocalServer, static
from tests.test_feeds import LONG, rss


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def test_429_with_retry_after_defers_the_feed(cli, server):
    server.routes["/feed.xml"] = static(rss(server.base, [("Item", "/i", LONG)]),
                                        "application/rss+xml")
    cli("add", server.url("/feed.xml"))
    server.routes["/feed.xml"] = static("slow down", status=429,
                                        headers={"Retry-After": "3600"})
    code, out, err = cli("fetch")
    assert code == 1
    assert "HTTP 429" in err and "next try after" in err
    requests = len(server.requests)
    code, out, err = cli("fetch")
    assert code == 0  # a deferred feed is not a failure
    assert "skipped, server asked to wait until" in out
    assert len(server.requests) == requests  # the server was left alone
    (feed,) = cli.json("feeds")
    assert feed["failures"] == 0 and not feed["gone"]


def test_503_counts_as_busy_not_as_gone(cli, server):
    server.routes["/feed.xml"] = static(rss(server.base, [("Item", "/i", LONG)]),
                                        "application/rss+xml")
    cli("add", server.url("/feed.xml"))
    server.routes["/feed.xml"] = static("busy", status=503)
    for _ in range(4):
        code, out, err = cli("fetch")
        assert "HTTP 503" in err and "server busy" in err
    (feed,) = cli.json("feeds")
    assert not feed["gone"]


def test_trickling_server_is_cut_at_the_total_time_cap(cli, server, home):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        try:
            for _ in range(30):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return -1, {}, b""

    server.routes["/slow.xml"] = trickle
    write(home / "config.yaml", "feeds:\n  timeout: 5\n  max_seconds: 1\n")
    started = time.monotonic()
    code, out, err = cli("add", server.url("/slow.xml"))
    assert time.monotonic() - started < 5
    assert code == 1 and "download took longer than 1 s" in err


def test_connection_refused_is_reported(cli):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, out, err = cli("add", f"http://127.0.0.1:{port}/feed.xml")
    assert code == 1 and "cannot connect" in err and str(port) in err


def test_tls_certificate_errors_are_reported_clearly(cli, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", str(key), "-out", str(cert), "-days", "1",
                           "-subj", "/CN=127.0.0.1"], capture_output=True)
    if made.returncode != 0:
        pytest.skip("openssl cannot make a test certificate here")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        code, out, err = cli("add", f"https://127.0.0.1:{httpd.server_address[1]}/feed")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert code == 1 and "TLS error" in err and "CERTIFICATE" in err.upper()


def test_changed_item_ids_and_duplicates_across_feeds_store_one_article(cli, server):
    item = ("Harbour plan approved", "/story-1", LONG)
    server.routes["/a.xml"] = static(rss(server.base, [item], "Feed A"), "application/rss+xml")
    server.routes["/b.xml"] = static(rss(server.base, [item], "Feed B"), "application/rss+xml")
    cli("add", server.url("/a.xml"), server.url("/b.xml"))
    assert len(cli.json("list")) == 1
    # Feed A re-issues the item under a new guid: the link is the same article.
    changed = rss(server.base, [item], "Feed A").replace(
        f"<guid>{server.base}/story-1</guid>", "<guid>urn:new-id-42</guid>")
    server.routes["/a.xml"] = static(changed, "application/rss+xml")
    code, out, err = cli("fetch")
    assert code == 0, err
    (article,) = cli.json("list")
    assert article["feed"] == server.url("/a.xml")  # the first feed it came from is kept


def test_gzip_bomb_is_not_inflated(cli, server, home):
    bomb = gzip.compress(b"<rss>" + b"A" * 50_000_000)
    server.routes["/bomb.xml"] = static(bomb, "application/rss+xml",
                                        headers={"Content-Encoding": "gzip"})
    code, out, err = cli("add", server.url("/bomb.xml"))
    assert code == 1
    assert "bomb.xml" in err and "Traceback" not in err


def test_kill_during_fetch_leaves_a_consistent_store(tmp_path, home, server):
    def slow(route):
        def answer(handler):
            time.sleep(0.15)  # so that the kill lands in the middle of the run
            return route(handler)
        return answer

    for n in range(30):
        server.routes[f"/f{n}.xml"] = slow(static(
            rss(server.base, [(f"Item {n}-{k}", f"/i{n}-{k}", LONG) for k in range(20)],
                f"Feed {n}"), "application/rss+xml"))
    outlines = "".join(f'<outline xmlUrl="{server.url(f"/f{n}.xml")}"/>' for n in range(30))
    opml = write(tmp_path / "subs.opml", f"<opml><body>{outlines}</body></opml>")
    env = {**os.environ, "BRIEFS_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "briefs.tui.cli", "add", str(opml)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(home / "library.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert stored < 600  # killed mid-run
    for title, body in db.execute("SELECT title, body FROM articles"):
        assert title.startswith("Item ") and body == LONG
    db.close()
    result = subprocess.run([sys.executable, "-m", "briefs.tui.cli", "fetch"], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(home / "library.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 600
