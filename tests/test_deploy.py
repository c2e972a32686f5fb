"""The README's deploy step, then the site under gunicorn with debug off.

Runs what an operator runs, each as its own process with debug off: collectstatic (WhiteNoise's
compressed manifest), migrate, load_roles, load_gazetteer, `import_stories --publish` of one seed
page, then gunicorn with archive/gunicorn.conf.py on a free loopback port. Everything it writes
goes to a temporary directory: the static files (DJANGO_STATIC_ROOT) and its own SQLite database
file (DATABASE_URL). The subprocesses never see the pass's test database and the test process
touches none, so the module runs once, in the SQLite pass (the `own_sqlite` marker).

The settings are production's defaults, HTTPS included: requests say `X-Forwarded-Proto: https`
as the README's TLS proxy on 127.0.0.1 does (gunicorn trusts it from there), except the one that
checks that plain HTTP is redirected. No redirect is followed.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED_PAGE = "003_4b80dfd83c4a220d.txt"  # 丰台报: two stories the importer publishes
HASHED_CSS = re.compile(r"^/static/archive/site\.[0-9a-f]{12}\.css$")

pytestmark = pytest.mark.own_sqlite


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    cache_control: str
    text: str
    headers: Message


class _StylesheetLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.hrefs.append(attrs["href"])


def hashed_stylesheets(html):
    """The page's stylesheet links that carry a content hash (site.0123456789ab.css)."""
    parser = _StylesheetLinks()
    parser.feed(html)
    return [href for href in parser.hrefs if HASHED_CSS.match(href)]


def production_env(directory):
    """This process's environment with debug off, a fresh secret key, and every file in
    `directory`: no DJANGO_* or DATABASE_URL of the test run leaks in."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name != "DATABASE_URL"
    }
    return {
        **env,
        "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(directory / "static"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONIOENCODING": "utf-8",
    }


def manage(env, *args):
    """Run `manage.py *args` as an operator would; its stdout, or a failure showing stderr."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def deploy(env):
    """The README's deploy step, with one seed page instead of all of them."""
    manage(env, "collectstatic", "--no-input")
    manage(env, "migrate", "--no-input")
    manage(env, "load_roles")
    manage(env, "load_gazetteer", "--province", "11")
    seeds = PROJECT_DIR / "seeds"
    page = str(seeds / SEED_PAGE)
    manage(env, "import_stories", "--publish", "--manifest", str(seeds / "manifest.csv"), page)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(server, port, log):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            time.sleep(0.1)
        else:
            return
    pytest.fail(f"gunicorn did not listen on port {port} within 30 s:\n{log.read_text()}")


def stop(server):
    """SIGTERM to gunicorn's process group (master and workers), SIGKILL if it lingers."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The base URL of a deployed site under gunicorn, and its first published story's id."""
    directory = tmp_path_factory.mktemp("deploy")
    env = production_env(directory)
    deploy(env)
    story_id = manage(
        env,
        "shell",
        "--no-imports",
        "--command",
        "from stories.models import Story; print(Story.objects.published().first().pk)",
    ).strip()
    port = free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "--config", "archive/gunicorn.conf.py"]
    log = directory / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [*gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "1", "archive.wsgi"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that stop() reaches the workers
        )
    try:
        wait_until_listening(server, port, log)
        yield {"url": f"http://127.0.0.1:{port}", "story_id": story_id}
    finally:
        stop(server)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # urllib then raises the 3xx response as an HTTPError, which get() returns


_opener = urllib.request.build_opener(_NoRedirects)


def get(url, *, through_tls_proxy=True):
    """A GET that returns error and redirect statuses instead of raising or following them."""
    headers = {"X-Forwarded-Proto": "https"} if through_tls_proxy else {}
    try:
        response = _opener.open(urllib.request.Request(url, headers=headers), timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return Response(
            status=response.status,
            content_type=response.headers.get("Content-Type", ""),
            cache_control=response.headers.get("Cache-Control", ""),
            text=response.read().decode("utf-8"),
            headers=response.headers,
        )


def test_home_page_answers_200_with_the_hashed_stylesheet(site):
    home = get(f"{site['url']}/")

    assert home.status == 200
    # Only with debug off does the manifest storage give hashed names (with debug on, or
    # without a manifest, the page would link site.css or be a 500).
    assert hashed_stylesheets(home.text), home.text


def test_published_story_page_answers_200(site):
    story = get(f"{site['url']}/stories/{site['story_id']}/")

    assert story.status == 200


def test_stylesheet_is_served_as_css_cached_for_good(site):
    hrefs = hashed_stylesheets(get(f"{site['url']}/").text)
    assert len(hrefs) == 1, hrefs

    css = get(f"{site['url']}{hrefs[0]}")

    assert css.status == 200
    assert css.content_type.startswith("text/css")
    assert "{" in css.text
    assert "immutable" in css.cache_control  # WhiteNoise's header for a hashed file


def test_unknown_page_is_the_sites_own_404(site):
    missing = get(f"{site['url']}/stories/999999999/")

    assert missing.status == 404
    # Our 404.html extends base.html; Django's debug 404 and its bare "Not Found" page do not.
    assert hashed_stylesheets(missing.text), missing.text


def test_plain_http_is_redirected_to_https(site):
    response = get(f"{site['url']}/stories/", through_tls_proxy=False)

    assert response.status == 301
    assert response.headers["Location"] == f"{site['url'].replace('http:', 'https:')}/stories/"


def test_https_pages_tell_browsers_to_use_https_for_a_year(site):
    home = get(f"{site['url']}/")

    hsts = home.headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_pages_carry_the_content_security_policy(site):
    home = get(f"{site['url']}/")

    assert "default-src 'self'" in home.headers["Content-Security-Policy"]


def test_admin_login_sets_its_csrf_cookie_for_https_only(site):
    login = get(f"{site['url']}/admin/login/")

    cookies = login.headers.get_all("Set-Cookie")
    csrf = [cookie for cookie in cookies if cookie.startswith("csrftoken=")]
    assert len(csrf) == 1, cookies
    assert "; Secure" in csrf[0]
