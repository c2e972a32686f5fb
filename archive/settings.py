"""Settings for the Community Frontline Archive, configured from the environment.

Environment (each read once, here):
  DATABASE_URL          default: SQLite file db.sqlite3 in the project folder
  DJANGO_SECRET_KEY     required when DJANGO_DEBUG is off
  DJANGO_DEBUG          "1"/"true" turns debug on; default off
  DJANGO_ALLOWED_HOSTS  comma-separated; required when debug is off
  DJANGO_STATIC_ROOT    where collectstatic writes; default staticfiles/ in the project folder

HTTPS (flags take 1/true/yes/on or 0/false/no/off; with debug on, the redirect, the secure
cookies and HSTS are off unless set):
  DJANGO_SECURE_SSL_REDIRECT      redirect http:// requests to https://; default on
  DJANGO_SECURE_COOKIES           session and CSRF cookies only over HTTPS; default on
  DJANGO_HSTS_SECONDS             Strict-Transport-Security max-age; default 31536000 (a year)
  DJANGO_HSTS_INCLUDE_SUBDOMAINS  add includeSubDomains to it; default on
  DJANGO_HSTS_PRELOAD             add preload to it; default on
  DJANGO_SECURE_PROXY_SSL_HEADER  a header, such as X-Forwarded-Proto, whose value "https" from
                                  the proxy in front marks a request as secure; default none
                                  (gunicorn already trusts X-Forwarded-Proto from 127.0.0.1)
`make serve` (plain HTTP on the loopback address) turns the redirect and secure cookies off.
"""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default):
    """The boolean in environment variable `name`, `default` when it is unset or empty."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    sys.exit(f"配置错误：{name} 应为 1 或 0，而不是 {value!r}。")


def env_seconds(name, default):
    """The whole number of seconds in environment variable `name`, `default` when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        sys.exit(f"配置错误：{name} 应为秒数（非负整数），而不是 {value!r}。")
    return int(value)


DEBUG = env_flag("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()
]
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles"
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_seconds("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", True)
proxy_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()

if DEBUG:
    # A development-only key, never used with debug off (checked below).
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        needed = " 和 ".join(missing)
        sys.exit(f"配置错误：关闭调试模式时必须设置 {needed}（本地开发可设 DJANGO_DEBUG=1）。")
    if "*" in ALLOWED_HOSTS:
        sys.exit("配置错误：DJANGO_ALLOWED_HOSTS 不能使用通配符 *。")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "reversion",
    "axes",
    "csp",
    "archive",
    "places",
    "people",
    "stories",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise must come directly after SecurityMiddleware.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the site and the admin speak LANGUAGE_CODE whatever the browser
    # asks for (an English browser would otherwise get English form errors and admin).
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "archive" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers browse while an import writes; NORMAL syncs at checkpoints, which
    # WAL keeps safe against corruption. IMMEDIATE takes the write lock up front, so
    # concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# AxesStandaloneBackend refuses any login while its user name and address are locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Django believes this header from anyone: name it only when the proxy in front overwrites it
# on every request. Gunicorn needs none from a proxy on 127.0.0.1 (README, "Deploying").
if proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")

# Only our own files: no inline script, style or event handler runs, here or in the admin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    },
}

# Login throttling (django-axes): five failed logins of one user name from one address lock
# that pair out for 30 minutes; a successful login clears the count. Behind a proxy every
# request comes from the proxy's address, so the lockout is then in effect per user name.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_MESSAGE = (
    f"登录失败次数过多，已暂停登录，请 {AXES_COOLOFF_TIME.seconds // 60} 分钟后再试。"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"jieba": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
