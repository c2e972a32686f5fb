"""The wheel built from pyproject.toml is the whole app: installed alone, it deploys and serves.

The wheel is built (`pip wheel --no-deps`, which fetches setuptools from PyPI or pip's cache for
its isolated build) from a copy of the checkout in a temporary directory, so the test writes no
build/ into the checkout and setuptools cannot reuse a stale build/lib.
It is installed with `--no-deps` into a new virtualenv, which sees the dependencies already in
this one through a .pth file naming this virtualenv's site-packages. Directories a .pth file
names get no .pth processing of their own, so the editable install of the checkout (a .pth
file there) stays off: the app can only come from the wheel, and
`test_the_installed_app_runs_from_the_wheels_files` checks that it does.

The installed app then runs as an operator runs it, through its `archive` console script,
from a directory outside the checkout, with debug off and every file it writes (the SQLite
database, static files, the gazetteer cache) in a temporary directory: collectstatic, migrate,
load_roles, load_gazetteer, import_stories of one seed page. Like tests/test_deploy.py it runs
on its own SQLite file, so once, in the SQLite pass (the `own_sqlite` marker).
"""

import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "fixtures", "people", "places", "stories")
SEED_PAGE = "003_4b80dfd83c4a220d.txt"  # 丰台报: two stories the importer publishes

pytestmark = pytest.mark.own_sqlite


def run(command, **options):
    """Run `command`; its stdout, or a failure showing its stderr."""
    result = subprocess.run(
        command, capture_output=True, encoding="utf-8", timeout=300, check=False, **options
    )
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The path of the wheel built from a copy of the checkout."""
    source = tmp_path_factory.mktemp("source") / "checkout"
    shutil.copytree(
        PROJECT_DIR,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "db.sqlite3", "var", "staticfiles",
            "test-output", ".*_cache", "__pycache__",
        ),
    )  # fmt: skip
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, source])
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel):
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def checkout_files(pattern):
    """The checkout's files matching `pattern`, as paths relative to the project folder."""
    return {
        path.relative_to(PROJECT_DIR).as_posix()
        for path in PROJECT_DIR.glob(pattern)
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.parametrize(
    "pattern",
    [
        "stories/pipeline/dictionaries/*.txt",
        "fixtures/roles.json",
        "people/compound_surnames.txt",
        "places/data/gazetteer.tsv.xz",
        "*/templates/**/*.html",
        "archive/static/**/*",
        "*/migrations/*.py",
    ],
)
def test_the_wheel_holds_what_the_app_reads(wheel_names, pattern):
    wanted = checkout_files(pattern)
    assert wanted, f"nothing in the checkout matches {pattern}"
    assert wanted - wheel_names == set()


def test_the_wheel_holds_every_file_of_the_packages(wheel_names):
    wanted = set().union(*(checkout_files(f"{package}/**/*") for package in PACKAGES))
    assert wanted - wheel_names == set()


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory):
    """A new virtualenv with the wheel installed and this virtualenv's dependencies visible."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel])
    site_packages = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    dependencies = sysconfig.get_path("purelib")
    (Path(site_packages.strip()) / "dependencies.pth").write_text(f"{dependencies}\n")
    return venv


@pytest.fixture(scope="module")
def operator(venv, tmp_path_factory):
    """Runs the installed `archive` command as an operator would: debug off, working directory
    and every file outside the checkout, no variable of the test run leaking in."""
    home = tmp_path_factory.mktemp("operator")
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "PYTHONIOENCODING": "utf-8",
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(home / "static"),
        "ARCHIVE_CACHE_DIR": str(home / "cache"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }

    def archive(*args):
        return run([venv / "bin" / "archive", *args], cwd=home, env=env)

    archive.home = home
    return archive


@pytest.fixture(scope="module")
def deployed(operator):
    """The README's deploy step, from the installed wheel, with one seed page."""
    seeds = operator.home / "seeds"
    seeds.mkdir()
    for name in (SEED_PAGE, "manifest.csv"):
        shutil.copy(PROJECT_DIR / "seeds" / name, seeds)
    operator("collectstatic", "--no-input")
    operator("migrate", "--no-input")
    operator("load_roles")
    operator("load_gazetteer", "--province", "11")
    operator("import_stories", "--publish", "--manifest", seeds / "manifest.csv", seeds / SEED_PAGE)
    return operator


def test_the_installed_app_runs_from_the_wheels_files(venv, operator):
    code = f"import importlib; print(*(importlib.import_module(p).__file__ for p in {PACKAGES}))"
    files = operator("shell", "--no-imports", "-c", code).split()
    assert len(files) == len(PACKAGES)
    assert all(Path(file).is_relative_to(venv) for file in files), files


def test_the_installed_app_imports_a_seed_page(deployed):
    with sqlite3.connect(deployed.home / "db.sqlite3") as database:
        ((published,),) = database.execute(
            "SELECT count(*) FROM stories_story WHERE status = 'published'"
        )
    assert published == 2


def test_the_installed_app_renders_a_story_page(deployed):
    code = (
        "import json; from django.test import Client; from stories.models import Story; "
        "story = Story.objects.published().earliest('pk'); "
        "response = Client().get(story.get_absolute_url(), HTTP_HOST='127.0.0.1', secure=True); "
        "print(json.dumps([response.status_code, story.title in response.text]))"
    )
    assert json.loads(deployed("shell", "--no-imports", "-c", code)) == [200, True]
