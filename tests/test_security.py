"""Nobody let in: the deploy check, the Content-Security-Policy, login throttling, editors
without user management, and CSRF on every form.

The deploy checks run `manage.py` in a fresh interpreter with debug off (the production
defaults). Everything else runs in this process against the admin's real URLs; the last test
drives chromium through the site and the admin and listens for the browser's CSP reports.
"""

import datetime
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import reversion
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import sync_playwright
from reversion.models import Version

from people.models import Organization, Person
from places.models import District
from stories.models import ImportRun, Story
from tests.factories import (
    make_appearance,
    make_district,
    make_organization,
    make_person,
    make_story,
    make_story_district,
    make_story_organization,
)
from tests.test_admin import ROW_FACTORIES, admin_url, make_rows, resubmit_data
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

PROJECT_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Django's default hasher takes most of a second a password by design; these tests log in
    dozens of times and are not about the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- manage.py check --deploy ----------------------------------------------------------------


def run_with_debug_off(*args, **env):
    """`manage.py *args` in a fresh interpreter with debug off and only `env` besides the
    required key and hosts."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONIOENCODING": "utf-8",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-for-this-test-only-0123456789",
            "DJANGO_ALLOWED_HOSTS": "archive.example.org",
            **env,
        },
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_deploy_check_is_clean_with_the_production_defaults():
    result = run_with_debug_off("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize(
    ("variable", "warnings"),
    [
        ("DJANGO_SECURE_SSL_REDIRECT", {"security.W008"}),
        ("DJANGO_SECURE_COOKIES", {"security.W012", "security.W016"}),
        ("DJANGO_HSTS_SECONDS", {"security.W004"}),
        ("DJANGO_HSTS_INCLUDE_SUBDOMAINS", {"security.W005"}),
        ("DJANGO_HSTS_PRELOAD", {"security.W021"}),
    ],
)
def test_each_https_variable_set_to_0_turns_its_protection_off(variable, warnings):
    result = run_with_debug_off("check", "--deploy", **{variable: "0"})

    assert set(re.findall(r"security\.W\d+", result.stderr)) == warnings


def test_a_flag_that_is_not_a_boolean_stops_start_up_with_one_line():
    result = run_with_debug_off("check", DJANGO_SECURE_SSL_REDIRECT="maybe")

    assert result.returncode != 0
    assert (
        result.stderr.strip()
        == "配置错误：DJANGO_SECURE_SSL_REDIRECT 应为 1 或 0，而不是 'maybe'。"
    )


def test_the_proxy_header_variable_names_the_header_django_trusts():
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"

    result = run_with_debug_off(
        "shell", "--no-imports", "-c", code, DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )

    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", result.stderr


def test_no_proxy_header_is_trusted_unless_named():
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"

    result = run_with_debug_off("shell", "--no-imports", "-c", code)

    assert result.stdout.strip() == "None", result.stderr


# --- Content-Security-Policy -----------------------------------------------------------------


class _InlineCode(HTMLParser):
    """What a policy without 'unsafe-inline' blocks: inline scripts and style sheets, style
    attributes, event handler attributes and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def inline_code(html):
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def public_pages(db):
    """The URL of every kind of public page, each with something on it."""
    story = make_story(status=Story.Status.PUBLISHED)
    person = make_appearance(story=story).person
    organization = make_story_organization(story=story).organization
    district = make_story_district(story=story).district
    return [
        reverse("stories:home"),
        reverse("stories:list"),
        reverse("stories:list") + "?q=测试&district=不存在的区",
        story.get_absolute_url(),
        reverse("people:list"),
        person.get_absolute_url(),
        reverse("people:organizations"),
        organization.get_absolute_url(),
        reverse("places:index"),
        district.get_absolute_url(),
        reverse("stories:stats"),
        "/stories/999999999/",
    ]


NO_ADD_PAGE = {ImportRun}  # runs are made by import_stories only


@pytest.fixture
def admin_pages(db):
    """The admin's index, the list, add, change and history page of each of our models, and
    the pages of users, groups and login records."""
    pages = [reverse("admin:index"), admin_url(Person, "merges")]
    pages += [reverse(f"admin:{name}") for name in ("auth_user_add", "auth_group_add")]
    pages += [reverse("admin:axes_accessattempt_changelist")]
    for model, make in ROW_FACTORIES.items():
        row = make()
        pages += [admin_url(model, "changelist"), admin_url(model, "change", row.pk)]
        pages += [admin_url(model, "history", row.pk)]
        if model not in NO_ADD_PAGE:
            pages.append(admin_url(model, "add"))
    return pages


def test_public_pages_and_the_admin_login_run_no_inline_code(client, public_pages):
    for url in [*public_pages, reverse("admin:login")]:
        response = client.get(url)
        assert response.status_code in {200, 400, 404}, url
        assert inline_code(response.content.decode()) == [], url


def test_admin_pages_run_no_inline_code(admin_client, admin_user, admin_pages):
    for url in [*admin_pages, reverse("admin:auth_user_change", args=[admin_user.pk])]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_inline_code_is_found_where_there_is_some():
    html = '<style>p{}</style><p style="x" onclick="y"><script>1</script><a href="javascript:z">'
    assert len(inline_code(html)) == 5


def test_the_policy_allows_only_our_own_files(client, db):
    policy = client.get(reverse("stories:home"))["Content-Security-Policy"]

    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert "unsafe" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_the_admin_sends_the_policy_too(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "default-src 'self'" in response["Content-Security-Policy"]


# --- login throttling (django-axes) ----------------------------------------------------------


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("bianji", password=PASSWORD, is_staff=True)


def log_in(username, password, address="203.0.113.7", **headers):
    """A login through the admin's form from `address`, in a client of its own."""
    client = Client()
    data = {"username": username, "password": password, "next": reverse("admin:index")}
    return client.post(reverse("admin:login"), data, REMOTE_ADDR=address, headers=headers)


def fail(times, username="bianji", address="203.0.113.7", **headers):
    """`times` logins with a wrong password; the response to the last."""
    for _ in range(times):
        response = log_in(username, "wrong-password", address, **headers)
    return response


def test_four_failed_logins_leave_the_right_password_working(staff):
    assert fail(4).status_code == 200  # the form again, with its error
    assert log_in("bianji", PASSWORD).status_code == 302


def test_the_fifth_failed_login_is_answered_with_the_lockout(staff):
    assert fail(5).status_code == 429


def test_five_failed_logins_lock_out_even_the_right_password(staff):
    fail(5)

    response = log_in("bianji", PASSWORD)

    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "30 分钟" in response.content.decode()


def test_a_successful_login_starts_the_count_again(staff):
    fail(4)
    assert log_in("bianji", PASSWORD).status_code == 302
    fail(4)
    assert log_in("bianji", PASSWORD).status_code == 302


def test_the_lockout_holds_for_that_user_name_only(staff):
    get_user_model().objects.create_user("shenhe", password=PASSWORD, is_staff=True)
    fail(5, username="shenhe")

    assert log_in("bianji", PASSWORD).status_code == 302


def test_the_lockout_holds_for_that_address_only(staff):
    fail(5, address="203.0.113.7")

    assert log_in("bianji", PASSWORD, address="198.51.100.2").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(staff):
    for number in range(5):
        fail(1, **{"X-Forwarded-For": f"192.0.2.{number}"})

    response = log_in("bianji", PASSWORD, **{"X-Forwarded-For": "192.0.2.99"})

    assert response.status_code == 429


def backdate_attempts(minutes):
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=minutes))


def test_the_lockout_lasts_30_minutes(staff):
    fail(5)
    backdate_attempts(29)

    assert log_in("bianji", PASSWORD).status_code == 429


def test_the_lockout_ends_after_30_minutes(staff):
    fail(5)
    backdate_attempts(31)

    assert log_in("bianji", PASSWORD).status_code == 302


# --- editors cannot manage users -------------------------------------------------------------


@pytest.fixture
def editor(staff, editor_group):
    staff.groups.add(editor_group)
    return staff


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


USER_MANAGEMENT = [
    ("auth_user_changelist", False),
    ("auth_user_add", False),
    ("auth_user_change", True),
    ("auth_user_password_change", True),
    ("auth_user_history", True),
    ("auth_user_delete", True),
    ("auth_group_changelist", False),
    ("auth_group_add", False),
    ("auth_group_change", True),
    ("auth_group_history", True),
    ("auth_group_delete", True),
    ("axes_accessattempt_changelist", False),
    ("axes_accesslog_changelist", False),
]


@pytest.mark.parametrize(("name", "takes_id"), USER_MANAGEMENT)
def test_an_editor_is_refused_every_user_and_group_page(editor_client, editor, name, takes_id):
    # Their own account and their own group: nothing to gain there either.
    target = editor.groups.get() if "group" in name else editor
    url = reverse(f"admin:{name}", args=[target.pk] if takes_id else [])

    assert editor_client.get(url).status_code == 403


def test_an_editor_cannot_create_a_superuser(editor_client):
    data = {"username": "mole", "password1": PASSWORD, "password2": PASSWORD, "is_superuser": "on"}

    response = editor_client.post(reverse("admin:auth_user_add"), data)

    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="mole").exists()


def test_an_editor_cannot_give_their_group_more_permissions(editor_client, editor):
    group = editor.groups.get()
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[group.pk])

    response = editor_client.post(url, {"name": group.name, "permissions": every_permission})

    assert response.status_code == 403
    assert group.permissions.count() < len(every_permission)


def test_an_editors_index_lists_no_users_groups_or_login_records(editor_client):
    response = editor_client.get(reverse("admin:index"))

    apps = {app["app_label"] for app in response.context["app_list"]}
    assert apps == {"places", "people", "stories"}


def test_permissions_have_no_admin_page_at_all(admin_client):
    assert Permission not in admin.site._registry
    assert admin_client.get("/admin/auth/permission/").status_code == 404


# --- CSRF on every form ----------------------------------------------------------------------

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Form:
    """A form as a browser finds it: the URL it posts to, the data it sends without its
    token, the token the page gave, and the status that means it was accepted."""

    url: str
    data: dict
    token: str
    accepted: int


def form_on(client, page, url=None, data=None, accepted=302, **changes):
    """The form on admin page `page`: an add or change form as it stands plus `changes`,
    unless `data` gives the form's data."""
    response = client.get(page)
    assert response.status_code == 200, page
    data = {**resubmit_data(response), **changes} if data is None else data
    return Form(url or page, data, TOKEN.search(response.content.decode()).group(1), accepted)


def login_form(client):
    return form_on(
        client,
        reverse("admin:login"),
        data={"username": "bianji", "password": PASSWORD},
    )


def logout_form(client):
    return form_on(client, reverse("admin:index"), reverse("admin:logout"), {}, accepted=200)


def password_change_form(client):
    new = "another-horse-battery-staple"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    return form_on(client, reverse("admin:password_change"), data=data)


def add_form(client):
    return form_on(
        client, admin_url(District, "add"), name="丰台区", city="北京市", province="北京市"
    )


def change_form(model):
    def form(client):
        return form_on(client, admin_url(model, "change", ROW_FACTORIES[model]().pk))

    form.__name__ = f"{model.__name__.lower()}_change_form"
    return form


def delete_form(client):
    page = admin_url(District, "delete", make_district().pk)
    return form_on(client, page, data={"post": "yes"})


def action_form(client):
    story = make_story()
    data = {"action": "publish_stories", "_selected_action": [story.pk], "index": "0"}
    return form_on(client, admin_url(Story, "changelist"), data=data)


def merge_data(survivor, other):
    """The merge action's confirmation, as submitted: merge `other` into `survivor`."""
    return {
        "action": "merge_selected",
        "_selected_action": [survivor.pk, other.pk],
        "post": "yes",
        "survivor": survivor.pk,
    }


def merge_form(client):
    data = merge_data(make_organization(), make_organization())
    return form_on(client, admin_url(Organization, "changelist"), data=data)


def undo_merge_form(client):
    merge = form_on(client, admin_url(Person, "changelist"), data=merge_data(*make_rows(Person, 2)))
    client.post(merge.url, {**merge.data, "csrfmiddlewaretoken": merge.token})
    page = admin_url(Person, "merges")
    undo = re.search(r'<form method="post" action="([^"]+)"', client.get(page).content.decode())
    return form_on(client, page, undo.group(1), {})


def revert_form(client):
    with reversion.create_revision():
        district = make_district()
    district.name = "改过的区名"
    district.save()
    version = Version.objects.get_for_object(district).get()
    return form_on(client, admin_url(District, "revision", district.pk, version.pk))


FORMS = [
    login_form,
    logout_form,
    password_change_form,
    add_form,
    *(change_form(model) for model in ROW_FACTORIES),
    delete_form,
    action_form,
    merge_form,
    undo_merge_form,
    revert_form,
]


@pytest.fixture
def csrf_client(staff):
    """A browser-like client: CSRF checked, logged in as a superuser (except for the login)."""
    staff.is_superuser = True
    staff.save()
    return Client(enforce_csrf_checks=True)


def opened(client, staff, form):
    if form is not login_form:
        client.force_login(staff)
    return form(client)


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_a_form_posted_without_its_token_is_refused(csrf_client, staff, form):
    found = opened(csrf_client, staff, form)

    response = csrf_client.post(found.url, found.data)

    assert response.status_code == 403
    assert "无法提交表单" in response.content.decode()  # archive/templates/403_csrf.html


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_a_form_posted_with_its_token_is_accepted(csrf_client, staff, form):
    found = opened(csrf_client, staff, form)

    response = csrf_client.post(found.url, {**found.data, "csrfmiddlewaretoken": found.token})

    assert response.status_code == found.accepted, response.content.decode()[:2000]


def test_the_csrf_failure_page_runs_no_inline_code(db):
    response = Client(enforce_csrf_checks=True).post(reverse("admin:login"), {})

    assert response.status_code == 403
    assert inline_code(response.content.decode()) == []


def test_the_public_site_has_no_form_that_posts(client, public_pages):
    for url in public_pages:
        html = client.get(url).content.decode().lower()
        assert 'method="post"' not in html, url


# --- in a real browser: no CSP violation -----------------------------------------------------


@pytest.fixture
def browsed(transactional_db):
    """A published story with a person, for the browser; and a superuser to log in as."""
    story = make_story(status=Story.Status.PUBLISHED)
    make_appearance(story=story, person=make_person())
    make_story_district(story=story)
    get_user_model().objects.create_superuser("zhuren", password=PASSWORD)
    return {"story": story.pk, "person": Person.objects.get().pk}


@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")  # see tests/test_browser.py
def test_the_browser_reports_no_policy_violation(live_server, browsed):
    if not CHROMIUM.exists():
        pytest.fail(f"no {CHROMIUM}: run .ci/ensure-browser (make test does)")
    site, reports = live_server.url, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda message: reports.append(f"{page.url}: {message.text}"))
        for path in ["/", "/stories/", f"/stories/{browsed['story']}/", "/stats/"]:
            page.goto(site + path)
        page.goto(f"{site}/admin/login/")
        page.fill("input[name=username]", "zhuren")
        page.fill("input[name=password]", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{site}/admin/")
        page.goto(f"{site}/admin/stories/story/{browsed['story']}/change/")
        page.locator("td.field-person .select2-selection").first.click()  # autocomplete
        page.locator(".select2-container--open .select2-search__field").fill("张")
        page.locator(".select2-results__option").first.wait_for()
        page.goto(f"{site}/admin/stories/story/")
        page.locator("input.action-select").first.check()  # the actions bar's script
        page.goto(f"{site}/admin/people/person/{browsed['person']}/change/")
        browser.close()

    assert [report for report in reports if "Content Security Policy" in report] == []
