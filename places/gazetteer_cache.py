"""The gazetteer's ~730k communities as an indexed SQLite file, made on first use.

Plain Python (stdlib only). `places.gazetteer` explains why communities are not kept in memory.
The file lives in ARCHIVE_CACHE_DIR (default <project>/var/cache/) and is named by the data
file's sha256 and the table layout, so a new data file gets a new cache and the old one is
removed. It is written under a temporary name and renamed, so processes racing to build it
never see half a file. Where the folder cannot be written (a read-only checkout) the table is
built in memory instead.
"""

import functools
import lzma
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LAYOUT = 1  # part of the file name: change it with the schema below

_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TEMP TABLE arrival (
    code TEXT, name TEXT, kind TEXT, street_code TEXT, district_code TEXT,
    former_names TEXT, is_current INTEGER
);
CREATE TABLE community (
    code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, street_code TEXT NOT NULL,
    district_code TEXT NOT NULL, former_names TEXT NOT NULL, is_current INTEGER NOT NULL,
    PRIMARY KEY (name, code)
) WITHOUT ROWID;
CREATE TABLE former_name (name TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (name, code))
WITHOUT ROWID;
"""
# Rows come out as (is_former, code, name, kind, street_code, district_code, former_names,
# is_current). The table is clustered by name, so all rows for a name are one range read.
_COLUMNS = "c.code, c.name, c.kind, c.street_code, c.district_code, c.former_names, c.is_current"
_BY_CODE = f"SELECT 0, {_COLUMNS} FROM community c WHERE c.code = ?1"
_BY_NAME = """
SELECT 0, {columns} FROM community c WHERE c.name = ?1 {inside}
UNION ALL
SELECT 1, {columns} FROM former_name f JOIN community c ON c.code = f.code
WHERE f.name = ?1 {inside}
"""
# The same test as places.gazetteer's ranking: a prefix contains one of the row's codes or
# lies inside one. Only a pre-filter: the ranking still decides.
_INSIDE = "instr(c.{0}, ?{1}) = 1 OR instr(?{1}, c.{0}) = 1"


def cache_dir() -> Path:
    return Path(os.environ.get("ARCHIVE_CACHE_DIR") or PROJECT_DIR / "var" / "cache")


@functools.cache
def _by_name_sql(prefix_count: int) -> str:
    tests = [
        _INSIDE.format(column, number)
        for number in range(2, prefix_count + 2)
        for column in ("code", "street_code", "district_code")
    ]
    inside = f"AND ({' OR '.join(tests)})" if tests else ""
    return _BY_NAME.format(columns=_COLUMNS, inside=inside)


class CommunityStore:
    """Look communities up by name or code in the cache built from the data file's stream 2.

    source/offset: the data file and where its communities' xz stream starts; digest: its
    sha256; newest_year: the year that makes a unit current; district_of(street code).
    """

    def __init__(self, source: Path, offset: int, digest: str, newest_year: int, district_of):
        self._source, self._offset, self._digest = Path(source), offset, digest
        self._newest_year = str(newest_year)
        self._district_of: Callable[[str], str] = district_of
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid: int | None = None

    def named(self, name: str, context: tuple[str, ...] = ()) -> list[tuple]:
        """Rows with this name or former name; those inside `context` only, if there are any."""
        if context:
            rows = self._query(_by_name_sql(len(context)), (name, *context))
            if rows:
                return rows
        return self._query(_by_name_sql(0), (name,))

    def by_code(self, code: str) -> tuple | None:
        rows = self._query(_BY_CODE, (code,))
        return rows[0] if rows else None

    def _query(self, sql: str, values: tuple[str, ...]) -> list[tuple]:
        with self._lock:
            if self._pid != os.getpid():  # a forked worker must not share its parent's handle
                self._connection, self._pid = self._open(), os.getpid()
            return self._connection.execute(sql, values).fetchall()

    def _open(self) -> sqlite3.Connection:
        target = cache_dir() / f"gazetteer-{self._digest[:16]}-{LAYOUT}.sqlite3"
        try:
            if not target.exists():
                self._write(target)
        except (OSError, sqlite3.Error):
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            self._fill(connection)
            return connection
        return sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True, check_same_thread=False)

    def _write(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            connection = sqlite3.connect(partial)
            try:
                self._fill(connection)
            finally:
                connection.close()
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        for stale in target.parent.glob("gazetteer-*.sqlite3"):
            if stale != target:
                stale.unlink(missing_ok=True)

    def _fill(self, connection: sqlite3.Connection) -> None:
        """Stream the rows in, then let SQLite sort them into the clustered table."""
        connection.executescript(_SCHEMA)
        former_names = []
        with open(self._source, "rb") as raw:
            raw.seek(self._offset)
            with lzma.open(raw, "rt", encoding="utf-8") as lines:
                rows = self._rows(lines, former_names)
                connection.executemany("INSERT INTO arrival VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        connection.executescript("""
            INSERT INTO community SELECT * FROM arrival ORDER BY name, code;
            DROP TABLE arrival;
            CREATE UNIQUE INDEX community_by_code ON community (code);
        """)
        connection.executemany("INSERT INTO former_name VALUES (?, ?)", sorted(former_names))
        connection.commit()

    def _rows(self, lines: Iterable[str], former_names: list) -> Iterator[tuple]:
        street = district = ""
        for line in lines:
            tag, code, *rest = line.rstrip("\n").split("\t")
            if tag == "S":
                street, district = code, self._district_of(code)
                continue
            name, kind, former, last = rest
            code = code if len(code) == 12 else street + code
            if former:
                former_names.extend((each, code) for each in former.split("|"))
            yield code, name, kind, street, district, former, last == self._newest_year
