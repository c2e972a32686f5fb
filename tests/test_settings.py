"""Smoke tests for archive/settings.py: locale, middleware order and the debug-off guard."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-for-this-test-only",
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
}


def start_django(env):
    """Run `django.setup()` in a fresh interpreter that sees only `env` (debug off unless set)."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_DIR,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONIOENCODING": "utf-8",
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            **env,
        },
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_language_is_simplified_chinese():
    assert settings.LANGUAGE_CODE == "zh-hans"


def test_time_zone_is_shanghai():
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_time_zone_support_is_on():
    assert settings.USE_TZ is True


def test_whitenoise_comes_directly_after_security_middleware():
    position = settings.MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    assert settings.MIDDLEWARE[position + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_debug_off_without_required_variable_exits_with_one_line_message(missing):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}

    result = start_django(env)

    assert result.returncode != 0
    assert missing in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_debug_off_with_secret_key_and_allowed_hosts_starts():
    result = start_django(PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params", "chinese"),
    [
        ("/stories/", {"q": "社" * 300}, "不超过 200 字符"),
        ("/admin/login/", {}, "登录"),
    ],
)
def test_pages_speak_chinese_whatever_the_browser_asks_for(client, url, params, chinese):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert chinese in response.content.decode()
