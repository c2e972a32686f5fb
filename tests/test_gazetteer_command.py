"""load_gazetteer: loads districts and streets once, then leaves them and editors' rows alone.

Beijing (--province 11) keeps the tests quick: 16 districts and 352 streets, gone ones included.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from archive.models import Origin
from places.gazetteer import get_gazetteer
from places.models import District, Street

pytestmark = pytest.mark.django_db


def load(*provinces):
    out = io.StringIO()
    call_command("load_gazetteer", *[f"--province={code}" for code in provinces], stdout=out)
    return out.getvalue()


def beijing_counts():
    gazetteer = get_gazetteer()
    return len(gazetteer.districts_in(["11"])), len(gazetteer.streets_in(["11"]))


def test_load_creates_every_district_and_street_of_the_province():
    load("11")
    assert (District.objects.count(), Street.objects.count()) == beijing_counts()
    assert set(District.objects.values_list("origin", flat=True)) == {Origin.IMPORTER}


def test_load_reports_what_it_created():
    districts, streets = beijing_counts()
    assert load("11").splitlines() == [
        f"区县：新建 {districts}，更新 0，未变 0",
        f"街道乡镇：新建 {streets}，更新 0，未变 0",
    ]


def test_second_load_creates_nothing(django_assert_num_queries):
    load("11")
    before = list(Street.objects.values_list("pk", "code", "name", "updated_at"))
    # A savepoint and its release, districts, their codes, streets: no write at all.
    with django_assert_num_queries(5):
        output = load("11")
    assert list(Street.objects.values_list("pk", "code", "name", "updated_at")) == before
    assert "新建 0，更新 0" in output.splitlines()[1]


@pytest.mark.parametrize(
    ("code", "name", "former_names", "is_current"),
    [
        ("110106018", "花乡街道", ["花乡地区"], True),
        ("110106017", "卢沟桥街道", ["卢沟桥地区"], True),
        ("110106019", "南苑地区", [], False),
    ],
)
def test_load_keeps_history(code, name, former_names, is_current):
    load("11")
    street = Street.objects.select_related("district").get(code=code)
    assert (street.name, street.former_names, street.is_current, street.district.name) == (
        name,
        former_names,
        is_current,
        "丰台区",
    )


def test_district_of_a_municipality_has_the_province_as_city():
    load("11")
    fengtai = District.objects.get(code="110106")
    assert (fengtai.name, fengtai.city, fengtai.province, fengtai.kind) == (
        "丰台区",
        "北京市",
        "北京市",
        "区",
    )


def test_reload_renames_importer_rows_that_swapped_names():
    load("11")
    # Each row holds the other's name: a one-step update trips the unique constraint.
    Street.objects.filter(code="110106005").update(name="暂用名")
    Street.objects.filter(code="110106008").update(name="南苑街道")
    Street.objects.filter(code="110106005").update(name="六里桥街道")
    load("11")
    names = dict(
        Street.objects.filter(code__in=["110106005", "110106008"]).values_list("code", "name")
    )
    assert names == {"110106005": "南苑街道", "110106008": "六里桥街道"}


def test_reload_never_touches_a_verified_row():
    load("11")
    Street.objects.filter(code="110106005").update(name="南苑", is_verified=True)
    load("11")
    assert Street.objects.get(code="110106005").name == "南苑"


def test_reload_keeps_an_editor_field_and_updates_the_rest():
    load("11")
    Street.objects.filter(code="110106018").update(
        name="花乡", former_names=[], editor_fields=["name"]
    )
    load("11")
    street = Street.objects.get(code="110106018")
    assert (street.name, street.former_names) == ("花乡", ["花乡地区"])


def test_editor_district_without_code_is_kept_and_gets_its_streets():
    editor_row = District.objects.create(name="丰台区", city="北京市", province="北京市")
    output = load("11")
    editor_row.refresh_from_db()
    assert (editor_row.code, editor_row.origin) == ("", Origin.EDITOR)
    assert District.objects.filter(name="丰台区").count() == 1
    assert Street.objects.get(code="110106005").district == editor_row
    assert "110106" in output


def test_importer_row_without_code_gets_its_code():
    row = District.objects.create(
        name="丰台区", city="北京市", province="北京市", origin=Origin.IMPORTER
    )
    load("11")
    row.refresh_from_db()
    assert row.code == "110106"


def test_editor_street_holding_a_name_blocks_only_that_street():
    load("11")
    fengtai = District.objects.get(code="110106")
    Street.objects.filter(code="110106019").delete()
    Street.objects.create(name="南苑地区", district=fengtai)  # an editor's row, no code
    output = load("11")
    assert not Street.objects.filter(code="110106019").exists()
    assert "110106019" in output.splitlines()[1]


def test_province_option_loads_only_that_province():
    load("12")
    assert set(District.objects.values_list("province", flat=True)) == {"天津市"}


def test_unknown_province_is_a_command_error():
    with pytest.raises(CommandError, match="99"):
        load("99")
    assert not District.objects.exists()
