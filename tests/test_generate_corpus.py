"""generate_corpus: deterministic synthetic pages that the real importer turns into an archive."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from places.gazetteer import get_gazetteer
from stories.corpus import MANIFEST_COLUMNS, write_corpus
from stories.manifest import read_manifest
from stories.models import Appearance, Source, StoryCommunity, StoryStreet

ROOT = Path(__file__).resolve().parent.parent
PAGES = 6


def generate(out, pages=PAGES, seed=None):
    args = ["--pages", str(pages), "--out", str(out)]
    if seed is not None:
        args += ["--seed", str(seed)]
    stdout = io.StringIO()
    call_command("generate_corpus", *args, stdout=stdout)
    return stdout.getvalue()


def contents(folder):
    return {path.name: path.read_bytes() for path in sorted(Path(folder).iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, PAGES, seed=1)
    return folder


def test_writes_the_pages_and_a_manifest_the_importer_reads(corpus):
    rows = read_manifest(corpus / "manifest.csv")

    pages = sorted(path.name for path in corpus.glob("*.txt"))
    assert sorted(rows) == pages
    assert len(pages) == PAGES


def test_manifest_header_is_the_seeds_header(corpus):
    header = (corpus / "manifest.csv").read_text(encoding="utf-8").splitlines()[0]

    assert header == (ROOT / "seeds" / "manifest.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(MANIFEST_COLUMNS)


def test_manifest_places_every_page_in_a_real_city_and_year(corpus):
    gazetteer = get_gazetteer()
    for row in read_manifest(corpus / "manifest.csv").values():
        assert row["year"] in {"2020", "2021", "2022"}
        districts = [d for d in gazetteer.districts_in() if d.city == row["city"]]
        assert districts, row["city"]
        if row["home_district"]:
            assert row["home_district"] in {d.name for d in districts}


def test_same_seed_gives_identical_bytes(corpus, tmp_path):
    generate(tmp_path / "again", seed=1)

    assert contents(tmp_path / "again") == contents(corpus)


def test_seed_defaults_to_one(corpus, tmp_path):
    generate(tmp_path / "default")

    assert contents(tmp_path / "default") == contents(corpus)


def test_different_seed_gives_different_pages(corpus, tmp_path):
    generate(tmp_path / "other", seed=2)

    assert contents(tmp_path / "other") != contents(corpus)


def test_output_does_not_depend_on_the_hash_seed(corpus, tmp_path):
    code = f"from stories.corpus import write_corpus; write_corpus({str(tmp_path)!r}, {PAGES})"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)

    assert contents(tmp_path) == contents(corpus)


def test_reports_what_it_wrote(tmp_path):
    out = generate(tmp_path / "new", pages=3)

    assert "已生成 3 个版面" in out
    assert "种子 1" in out


def test_replaces_a_previous_corpus_whole(tmp_path):
    generate(tmp_path, pages=5)

    out = generate(tmp_path, pages=2)

    assert "已删除以前生成的 5 个版面" in out
    assert len(list(tmp_path.glob("*.txt"))) == 2
    assert len(read_manifest(tmp_path / "manifest.csv")) == 2


@pytest.mark.parametrize("pages", [0, -3])
def test_refuses_a_page_count_below_one(tmp_path, pages):
    with pytest.raises(CommandError, match=rf"^版面数应为正整数（收到 {pages}）$"):
        generate(tmp_path / "out", pages=pages)

    assert not (tmp_path / "out").exists()


def test_refuses_an_existing_file(tmp_path):
    target = tmp_path / "page.txt"
    target.write_text("x", encoding="utf-8")

    with pytest.raises(CommandError, match="已存在同名文件"):
        generate(target)


def test_refuses_a_folder_with_other_files_and_leaves_them(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")

    with pytest.raises(CommandError, match=r"不属于生成语料的文件（如 notes\.txt）"):
        generate(tmp_path)

    assert contents(tmp_path) == {"notes.txt": b"mine"}


def test_refuses_a_folder_it_cannot_create(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")

    with pytest.raises(CommandError, match="无法写入"):
        generate(tmp_path / "file" / "corpus")


@pytest.fixture
def imported(corpus, db):
    call_command("loaddata", "fixtures/roles.json", verbosity=0)
    call_command("import_stories", str(corpus), stdout=io.StringIO(), stderr=io.StringIO())


def test_importer_cuts_several_stories_from_every_page(imported):
    counts = [source.stories.count() for source in Source.objects.all()]

    assert len(counts) == PAGES
    assert min(counts) >= 2


def test_importer_finds_people_with_titles_and_communities(imported):
    titled = Appearance.objects.exclude(title="")

    assert titled.count() >= 3 * PAGES
    assert titled.filter(role__slug="community-secretary").exists()
    assert titled.exclude(community=None).count() >= PAGES


def test_extracted_communities_and_streets_are_in_the_gazetteer(imported):
    gazetteer = get_gazetteer()
    communities = StoryCommunity.objects.select_related("community")
    streets = StoryStreet.objects.select_related("street")

    assert communities.count() >= PAGES
    for link in communities:
        entry = gazetteer.community(link.community.code)
        assert entry is not None and entry.name == link.community.name
    for link in streets:
        entry = gazetteer.street(link.street.code)
        assert entry is not None and entry.name == link.street.name
