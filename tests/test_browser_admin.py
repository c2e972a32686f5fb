"""An editor in a real browser (issue 7): Playwright for Python driving Debian's chromium,
as tests/test_browser.py does, against pytest-django's live server on each pass's database.

The editor, a member of the `编辑` group the migration creates, logs in, corrects the role
of a person on a story, merges two records of one bank, undoes the merge from the list of
merges, merges again and publishes the story from the review queue. Screenshots of the
story's change page and of the review queue go to test-output/screenshots/. The database is
read before the browser starts and checked after it has closed (see tests/test_browser.py).
"""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect, sync_playwright
from reversion.models import Revision

from people.models import Organization, Role
from stories.models import Appearance, Story, StoryOrganization
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, save_screenshot, seeded  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PASSWORD = "correct-horse-battery-staple"
BANK, SHORT_BANK = "中国工商银行丰台支行", "工行丰台支行"


@pytest.fixture
def workspace(seeded, editor_group):  # noqa: F811
    """A story waiting for review with a person on it, two records of one bank (the seeds'
    and a short form of it) linked to it, and an editor; what the browser needs to find."""
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(editor_group)
    appearance = Appearance.objects.select_related("story", "role").order_by("pk").first()
    story = appearance.story
    Story.objects.filter(pk=story.pk).update(status=Story.Status.REVIEW, is_verified=False)
    for name in (BANK, SHORT_BANK):  # the seeds name the bank in full; its short form too
        bank, _ = Organization.objects.get_or_create(
            name=name, merged_into=None, defaults={"kind": Organization.Kind.COMPANY}
        )
        StoryOrganization.objects.get_or_create(story=story, organization=bank)
    volunteer = Role.objects.get(slug="volunteer")
    assert appearance.role != volunteer
    return {"story": story.pk, "appearance": appearance.pk, "role": volunteer.name}


def test_an_editor_corrects_merges_undoes_merges_again_and_publishes(live_server, workspace):
    if not CHROMIUM.exists():
        pytest.fail(f"no {CHROMIUM}: run .ci/ensure-browser (make test does)")
    admin = f"{live_server.url}/admin"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(10_000)

        page.goto(f"{admin}/login/")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("input[type=submit]")
        expect(page.locator("#site-name")).to_contain_text("社区抗疫一线档案")

        # Correct the role of the story's first person, through the role's autocomplete.
        page.goto(f"{admin}/stories/story/{workspace['story']}/change/")
        save_screenshot(page, "admin-story-change-1280px")
        row = page.locator(f"tr:has(input[name$='-id'][value='{workspace['appearance']}'])")
        row.locator("td.field-role .select2-selection").click()
        page.locator(".select2-container--open .select2-search__field").fill(workspace["role"])
        page.locator(".select2-results__option", has_text=workspace["role"]).first.click()
        page.click("input[name=_continue]")
        expect(page.locator("ul.messagelist li.success")).to_be_visible()

        def merge_banks():
            page.goto(f"{admin}/people/organization/?q=丰台支行")
            for name in (BANK, SHORT_BANK):
                page.locator("tr", has_text=name).locator("input.action-select").check()
            page.select_option("select[name=action]", "merge_selected")
            page.click("button[name=index]")
            page.get_by_label(BANK, exact=True).check()
            page.click("input[value=确认合并]")
            expect(page.locator("ul.messagelist li.success")).to_contain_text("合并到")

        merge_banks()
        page.goto(f"{admin}/people/organization/merges/")
        page.locator("input[value=撤销合并]").first.click()
        expect(page.locator("ul.messagelist li.success")).to_contain_text("已撤销")
        merge_banks()

        # Publish the story from the review queue.
        page.goto(f"{admin}/stories/story/?queue=1")
        save_screenshot(page, "admin-review-queue-1280px")
        page.locator(f"input.action-select[value='{workspace['story']}']").check()
        page.select_option("select[name=action]", "publish_stories")
        page.click("button[name=index]")
        expect(page.locator("ul.messagelist li.success")).to_contain_text("1 篇")
        browser.close()

    appearance = Appearance.objects.select_related("role", "story").get(pk=workspace["appearance"])
    assert appearance.role.slug == "volunteer"
    assert "role" in appearance.editor_fields
    assert appearance.story.status == Story.Status.PUBLISHED
    bank, short = Organization.objects.get(name=BANK), Organization.objects.get(name=SHORT_BANK)
    assert (bank.merged_into, short.merged_into) == (None, bank)
    # The importer gave the bank the short forms its seed page prints (工行丰台支行, 丰台支行);
    # merging the short record adds its name no second time, and undoing left them all.
    assert sorted(bank.alias_names) == sorted([SHORT_BANK, "丰台支行"])
    comments = list(Revision.objects.order_by("pk").values_list("comment", flat=True))
    merges = [c for c in comments if "合并组织机构" in c]
    merge = f"合并组织机构：{SHORT_BANK} → {BANK}"
    assert merges == [merge, f"撤销{merge}", merge]
