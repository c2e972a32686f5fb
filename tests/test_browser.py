"""A reader in a real browser: Playwright for Python driving Debian's chromium.

`make test` installs chromium and a CJK font first (.ci/ensure-browser); Playwright's own browser
download is not used. The site is pytest-django's `live_server`, on the test database of each pass
(SQLite, then PostgreSQL; nothing here is marked to skip on either), filled with the five seed
pages. Screenshots at phone and desktop widths go to test-output/screenshots/ in the project,
overwritten by each pass; the paths are printed (`pytest -s` shows them).

Playwright's sync API runs an asyncio loop in this thread while it is open, and Django then refuses
ORM calls here (SynchronousOnlyOperation). So every test reads the database before the browser
starts, and the `browser` fixture closes it before pytest-django flushes the tables; the live
server answers from its own thread, where no loop runs.
"""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from stories.models import Story

PROJECT_DIR = Path(__file__).resolve().parent.parent
SCREENSHOTS = PROJECT_DIR / "test-output" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"phone": 390, "desktop": 1280}

pytestmark = [
    pytest.mark.django_db(transaction=True),  # live_server's thread must see the rows
    # The session's live server loads WhiteNoise before conftest's per-test fixture clears
    # STATIC_ROOT, so WhiteNoise warns once that the (never collected) directory is missing.
    # The live server serves static files from the finders instead.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def seeded():
    """The five seed pages, imported and published as `make run` does (they name places in
    Beijing and Henan); gives the path of the first published story."""
    quiet = io.StringIO()
    call_command("load_roles", stdout=quiet)
    call_command("load_gazetteer", "--province=11", "--province=41", stdout=quiet)
    call_command("import_stories", str(PROJECT_DIR / "seeds"), publish=True, stdout=quiet)
    return Story.objects.published().order_by("pk").first().get_absolute_url()


@pytest.fixture
def browser(seeded, live_server):
    """Headless chromium; set up after the data and closed before the tables are flushed."""
    if not CHROMIUM.exists():
        pytest.fail(f"no {CHROMIUM}: run .ci/ensure-browser (make test does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, device):
    """A page `device` wide that gives up on a missing element after 10 s, not 30."""
    page = browser.new_page(viewport={"width": WIDTHS[device], "height": 900})
    page.set_default_timeout(10_000)
    return page


def result_count(page):
    text = page.locator("p.result-count").inner_text()
    match = re.search(r"\d+", text)
    assert match, f"no number in the result count {text!r}"
    return int(match.group())


def choose_facet_option(page, facet, name):
    """Click the option `name` of the facet block `facet`; the count it showed."""
    option = page.locator(f'section.facet[data-facet="{facet}"] a.facet-option').filter(
        has_text=re.compile(rf"^\s*{re.escape(name)}")
    )
    expect(option).to_have_count(1)
    shown = int(option.locator("span.count").inner_text().strip())
    option.click()
    page.wait_for_url(re.compile(rf"[?&]{facet}="))
    return shown


def save_screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    print(f"screenshot: {path}")


def test_reader_filters_by_district_and_role_opens_a_story_and_a_person_then_searches(
    browser, live_server
):
    page = new_page(browser, "desktop")
    page.goto(f"{live_server.url}/stories/")
    everything = result_count(page)

    in_fengtai = choose_facet_option(page, "district", "丰台区")
    assert result_count(page) == in_fengtai < everything
    secretaries_in_fengtai = choose_facet_option(page, "role", "社区书记")
    assert result_count(page) == secretaries_in_fengtai < in_fengtai
    expect(page.locator("a.active-filter")).to_have_count(2)
    expect(page.locator("a.active-filter").filter(has_text="丰台区")).to_have_count(1)
    expect(page.locator("a.active-filter").filter(has_text="社区书记")).to_have_count(1)

    page.locator("article.story-card h2 a").first.click()
    page.wait_for_url(re.compile(r"/stories/\d+/$"))
    person = page.locator("section.people a.person-link").first
    link_text = person.inner_text()
    person.click()
    page.wait_for_url(re.compile(r"/people/\d+/$"))
    name = page.locator("h1").inner_text().strip()
    assert name
    assert name in link_text

    page.locator("form.site-search input[name=q]").fill("社区")
    page.locator("form.site-search input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/stories/\?(.*&)?q="))
    assert result_count(page) > 0
    expect(page.locator("mark").first).to_contain_text("社区")


def test_list_stats_and_story_fit_phone_and_desktop_widths(browser, live_server, seeded):
    """Full-page screenshots of three pages at both widths, all taken before any check fails;
    each page must answer 200 and must not scroll sideways."""
    pages = {"stories": "/stories/", "stats": "/stats/", "story": seeded}
    problems = []
    for device, width in WIDTHS.items():
        page = new_page(browser, device)
        for name, path in pages.items():
            response = page.goto(f"{live_server.url}{path}")
            save_screenshot(page, f"{name}-{device}-{width}px")
            if response.status != 200:
                problems.append(f"{path} answered {response.status}")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{path} is {scroll_width} px wide at {width} px")
        page.close()

    assert problems == []
