"""Chinese full-text search over stories, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Everything that differs between the two databases lives here; views call
`Story.objects.search(q)`, which is `search_stories(queryset, parse_query(q))`.

The index holds one row per story, keyed by its id, built from what the public site shows
(`Story.public_text`: private residents' full names are already masked, so searching for
one finds nothing) plus the byline's names, for the title (kicker, title, subtitle) and
the body separately, each as words and as chars (stories.segmenting).

A query is cut into terms with jieba's precise mode; a story matches when every term occurs
as a run of consecutive chars, in the title or the body. Words only add to the ranking.

Limits, the same on both databases: the first BODY_LIMIT characters of a body are
indexed. PostgreSQL stops counting positions at 16,383 and keeps at most 256 positions per
lexeme, and a tsvector may not exceed 1 MB; a story is 500 to 5,000 characters, so a body
longer than 15,000 is a page the importer failed to cut, and its tail stays unindexed.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db import NotSupportedError, connections, transaction
from django.db.models import F, FloatField, Func, Value
from django.db.models.expressions import RawSQL
from django.utils.html import conditional_escape, format_html, format_html_join

from . import segmenting
from .segmenting import refresh_words

__all__ = [
    "SearchQuery",
    "create_index",
    "drop_index",
    "forget_stories",
    "highlight",
    "index_missing",
    "index_stories",
    "parse_query",
    "rebuild",
    "refresh_words",
    "search_stories",
    "snippet",
]

BODY_LIMIT = 15_000
QUERY_LIMIT = 100  # characters of a normalised query
MAX_TERMS = 10
_MAX_POSITION = 16_383
_MAX_POSITIONS_PER_LEXEME = 256
_BATCH = 500


@dataclass(frozen=True)
class SearchQuery:
    text: str  # the query as matched: normalised, simplified, lower case
    terms: tuple[str, ...]  # each must occur in a matching story


def parse_query(q):
    """The SearchQuery for what a reader typed, or None when nothing in it is searchable.

    Control characters go, whitespace collapses, at most QUERY_LIMIT characters and
    MAX_TERMS terms are kept. A term that jieba's search mode covers end to end with
    shorter dictionary words becomes those words (核酸检测: 核酸 and 检测), so a page that
    wrote 核酸采样检测 matches; a name (钱秀英) stays whole.
    """
    text = segmenting.normalise(q, QUERY_LIMIT)
    terms = tuple(segmenting.terms(text)[:MAX_TERMS])
    return SearchQuery(text, terms) if terms else None


# --- the index -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Document:
    title_words: list
    title_chars: list
    body_words: list
    body_chars: list


def _document(story):
    text = story.public_text
    byline = [credit.name for credit in story.bylines.all()]
    title = segmenting.fold(" ".join(text[field] for field in ("kicker", "title", "subtitle")))
    body = segmenting.fold(" ".join([text["body"][:BODY_LIMIT], *byline]))
    return _Document(
        segmenting.words(title),
        segmenting.chars(title),
        segmenting.words(body),
        segmenting.chars(body),
    )


def index_stories(queryset):
    """(Re)write the index rows of exactly the stories in `queryset`, in the caller's
    transaction. Returns how many. A deleted story's row goes with it (a trigger)."""
    backend = _backend(queryset.db)
    count = 0
    with transaction.atomic(using=queryset.db):
        batch = []
        for story in (
            queryset.for_list()
            .prefetch_related("bylines")
            .order_by("pk")
            .iterator(chunk_size=_BATCH)
        ):
            batch.append(story)
            if len(batch) == _BATCH:
                count += _write(backend, queryset.db, batch)
                batch = []
        count += _write(backend, queryset.db, batch)
    return count


def _write(backend, using, stories):
    if not stories:
        return 0
    # New people's names, so that the words of this text keep them whole.
    segmenting.learn_names(a.person.name for s in stories for a in s.active_appearances)
    rows = [backend.row(story.pk, _document(story)) for story in stories]
    placeholders = ", ".join(["%s"] * len(stories))
    with connections[using].cursor() as cursor:
        cursor.execute(backend.delete_sql.format(placeholders), [s.pk for s in stories])
        cursor.executemany(backend.insert_sql, rows)
    return len(stories)


def forget_stories(ids, using="default"):
    """Delete the index rows of these story ids: stories that are gone."""
    ids = list(ids)
    if ids:
        backend = _backend(using)
        with connections[using].cursor() as cursor:
            cursor.execute(backend.delete_sql.format(", ".join(["%s"] * len(ids))), ids)


def rebuild(using="default"):
    """Empty the index and index every story again. Returns the number indexed."""
    backend = _backend(using)
    story = apps.get_model("stories", "Story")
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute(backend.clear_sql)
        count = index_stories(story.objects.using(using).all())
        with connections[using].cursor() as cursor:
            for sql in backend.optimize_sql:
                cursor.execute(sql)
    return count


def index_missing(using="default"):
    """Index the stories that have no index row (an archive imported before the index
    existed); cheap when there are none. Returns the number indexed."""
    story = apps.get_model("stories", "Story")
    indexed = RawSQL(_backend(using).indexed_sql, [])
    return index_stories(story.objects.using(using).exclude(pk__in=indexed))


def create_index(schema_editor):
    for sql in _backend(schema_editor.connection.alias).create_sql:
        schema_editor.execute(sql, params=None)


def restore_triggers(schema_editor):
    """Put back the trigger SQLite drops whenever a migration rebuilds stories_story
    (removing or altering a column does): every such migration ends with this."""
    for sql in _backend(schema_editor.connection.alias).restore_sql:
        schema_editor.execute(sql, params=None)


def drop_index(schema_editor):
    for sql in _backend(schema_editor.connection.alias).drop_sql:
        schema_editor.execute(sql, params=None)


# --- matching and ranking ----------------------------------------------------------------------


def search_stories(queryset, query):
    """`queryset` narrowed to the stories matching every term, annotated `search_rank`
    (higher is better). A filter and an annotation, so it composes like any queryset;
    a query of None (nothing searchable) matches nothing, and can still be ordered."""
    if query is None:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    backend = _backend(queryset.db)
    matches = RawSQL(backend.match_sql(query.terms), backend.match_params(query.terms))
    return queryset.filter(pk__in=matches).annotate(
        search_rank=_StorySQL(backend.rank_sql(query.terms), backend.rank_params(query.terms))
    )


class _StorySQL(Func):
    """A raw SQL expression about one story; `{story}` in it stands for the story's id
    column, compiled with whatever alias the query gives the table."""

    output_field = FloatField()

    def __init__(self, sql, params):
        super().__init__(F("pk"))
        self.sql, self.sql_params = sql, params

    def as_sql(self, compiler, connection, **extra_context):
        column, _ = compiler.compile(self.source_expressions[0])  # a column: no parameters
        return self.sql.format(story=column), list(self.sql_params)


def _fts5_string(text):
    return '"' + text.replace('"', '""') + '"'


class _SQLite:
    """An FTS5 table, rowid = story id, with one column per section and token stream."""

    create_sql = [
        "CREATE VIRTUAL TABLE stories_search USING fts5("
        "title_words, title_chars, body_words, body_chars, tokenize = 'unicode61')",
        "CREATE TRIGGER stories_search_story_deleted AFTER DELETE ON stories_story "
        "BEGIN DELETE FROM stories_search WHERE rowid = old.id; END",
    ]
    drop_sql = [
        "DROP TRIGGER IF EXISTS stories_search_story_deleted",
        "DROP TABLE IF EXISTS stories_search",
    ]
    restore_sql = [drop_sql[0], create_sql[1]]
    clear_sql = "DELETE FROM stories_search"
    indexed_sql = "SELECT rowid FROM stories_search"
    optimize_sql = ["INSERT INTO stories_search (stories_search) VALUES ('optimize')"]
    delete_sql = "DELETE FROM stories_search WHERE rowid IN ({})"
    insert_sql = (
        "INSERT INTO stories_search (rowid, title_words, title_chars, body_words, body_chars) "
        "VALUES (%s, %s, %s, %s, %s)"
    )

    @staticmethod
    def row(story_id, document):
        return (story_id, *(" ".join(tokens) for tokens in _sections(document)))

    # bm25 weights: title words, title chars, body words, body chars. A MATERIALIZED CTE runs
    # the full-text query once per statement; a correlated MATCH would recompute bm25's
    # statistics for every row (half a second for 300 rows of 20,000 stories).
    @staticmethod
    def rank_sql(terms):
        return (
            "(WITH ranked AS MATERIALIZED (SELECT rowid AS story_id, "
            "-bm25(stories_search, 10.0, 4.0, 2.0, 1.0) AS rank "
            "FROM stories_search WHERE stories_search MATCH %s) "
            "SELECT rank FROM ranked WHERE story_id = {story})"
        )

    @staticmethod
    def match_sql(terms):
        return "SELECT rowid FROM stories_search WHERE stories_search MATCH %s"

    @staticmethod
    def match_params(terms):
        expressions = []
        for term in terms:
            phrase = "{title_chars body_chars} : " + _fts5_string(" ".join(segmenting.chars(term)))
            if word := segmenting.as_word(term):
                phrase = f"({{title_words body_words}} : {_fts5_string(word)} OR {phrase})"
            expressions.append(phrase)
        return [" AND ".join(expressions)]

    rank_params = match_params


def _sections(document):
    return (document.title_words, document.title_chars, document.body_words, document.body_chars)


def _lexeme(token):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(*sections):
    """A tsvector literal from (tokens, weight) sections, numbered on from one to the next
    with a gap, so that no phrase runs from the title into the body."""
    positions = defaultdict(list)
    position = 0
    for tokens, weight in sections:
        for token in tokens:
            position = min(position + 1, _MAX_POSITION)
            if len(positions[token]) < _MAX_POSITIONS_PER_LEXEME:
                positions[token].append(f"{position}{weight}")
        position += 1
    return " ".join(f"{_lexeme(token)}:{','.join(p)}" for token, p in positions.items())


# Weights D, C, B, A: body chars, body words, title chars, title words.
_TS_RANK = "ts_rank('{{{{0.1, 0.2, 0.4, 1.0}}}}', s.{column}, %s::tsquery)"


def _phrase(term):
    return " <-> ".join(_lexeme(token) for token in segmenting.chars(term))


class _PostgreSQL:
    """A table of tsvector literals built here, so that nothing depends on the server's
    text search configuration. Weights: title words A, title chars B, body words C, body
    chars D. Triggers rather than a foreign key drop the rows of deleted stories: Django's
    flush truncates the model tables without CASCADE, which a foreign key would refuse."""

    create_sql = [
        "CREATE TABLE stories_search "
        "(story_id bigint PRIMARY KEY, words tsvector NOT NULL, chars tsvector NOT NULL)",
        "CREATE INDEX stories_search_words ON stories_search USING gin (words)",
        "CREATE INDEX stories_search_chars ON stories_search USING gin (chars)",
        "CREATE FUNCTION stories_search_forget() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'TRUNCATE' THEN TRUNCATE stories_search; "
        "ELSE DELETE FROM stories_search WHERE story_id = OLD.id; END IF; "
        "RETURN NULL; END $$",
        "CREATE TRIGGER stories_search_story_deleted AFTER DELETE ON stories_story "
        "FOR EACH ROW EXECUTE FUNCTION stories_search_forget()",
        "CREATE TRIGGER stories_search_stories_truncated AFTER TRUNCATE ON stories_story "
        "FOR EACH STATEMENT EXECUTE FUNCTION stories_search_forget()",
    ]
    drop_sql = [
        "DROP TRIGGER IF EXISTS stories_search_stories_truncated ON stories_story",
        "DROP TRIGGER IF EXISTS stories_search_story_deleted ON stories_story",
        "DROP FUNCTION IF EXISTS stories_search_forget()",
        "DROP TABLE IF EXISTS stories_search",
    ]
    restore_sql = []  # PostgreSQL keeps a table's triggers when it alters the table
    clear_sql = "DELETE FROM stories_search"
    indexed_sql = "SELECT story_id FROM stories_search"
    # After a rebuild: until GIN's pending list is merged and the table analysed, the planner
    # prefers reading every row (50 ms instead of 5 for a rare name in 10,000 stories).
    optimize_sql = [
        "SELECT gin_clean_pending_list('stories_search_words'::regclass)",
        "SELECT gin_clean_pending_list('stories_search_chars'::regclass)",
        "ANALYZE stories_search",
    ]
    delete_sql = "DELETE FROM stories_search WHERE story_id IN ({})"
    insert_sql = (
        "INSERT INTO stories_search (story_id, words, chars) "
        "VALUES (%s, %s::tsvector, %s::tsvector)"
    )

    @staticmethod
    def row(story_id, document):
        words = _tsvector((document.title_words, "A"), (document.body_words, "C"))
        chars = _tsvector((document.title_chars, "B"), (document.body_chars, "D"))
        return (story_id, words, chars)

    @staticmethod
    def match_sql(terms):
        conditions = [
            "(words @@ %s::tsquery OR chars @@ %s::tsquery)"
            if segmenting.as_word(term)
            else "chars @@ %s::tsquery"
            for term in terms
        ]
        return f"SELECT story_id FROM stories_search WHERE {' AND '.join(conditions)}"

    @staticmethod
    def match_params(terms):
        params = []
        for term in terms:
            if word := segmenting.as_word(term):
                params.append(_lexeme(word))
            params.append(_phrase(term))
        return params

    # Two ranks added up: ranking `words || chars` would build a new tsvector for every row,
    # which took 2.5 times as long (10,000 stories, 8,000 matches).
    @staticmethod
    def rank_sql(terms):
        ranks = [_TS_RANK.format(column="chars")]
        if any(segmenting.as_word(term) for term in terms):
            ranks.insert(0, _TS_RANK.format(column="words"))
        return f"(SELECT {' + '.join(ranks)} FROM stories_search s WHERE s.story_id = {{story}})"

    @staticmethod
    def rank_params(terms):
        words = [_lexeme(word) for term in terms if (word := segmenting.as_word(term))]
        phrases = " | ".join(_phrase(term) for term in terms)
        return [" | ".join(words), phrases] if words else [phrases]


_BACKENDS = {"sqlite": _SQLite, "postgresql": _PostgreSQL}


def _backend(using):
    vendor = connections[using].vendor
    if vendor not in _BACKENDS:
        raise NotSupportedError(f"stories.search supports SQLite and PostgreSQL, not {vendor}")
    return _BACKENDS[vendor]


# --- snippets ----------------------------------------------------------------------------------


def snippet(text, query, length=120):
    """About `length` characters of `text` around its first match, escaped, every match in
    <mark>; the start of the text when nothing matches. Matching works on the simplified,
    lower-case text, so a page in traditional characters is highlighted too."""
    spans = segmenting.match_spans(text, query.terms)
    start = max(0, spans[0][0] - length // 4) if spans else 0
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    return format_html(
        "{}{}{}",
        "…" if start > 0 else "",
        _marked(text, spans, start, end),
        "…" if end < len(text) else "",
    )


def highlight(text, query):
    """All of `text`, escaped, every match in <mark>."""
    return _marked(text, segmenting.match_spans(text, query.terms), 0, len(text))


def _marked(text, spans, start, end):
    parts, position = [], start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        parts.append(conditional_escape(text[position:span_start]))
        parts.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        position = span_end
    parts.append(conditional_escape(text[position:end]))
    return format_html_join("", "{}", ((part,) for part in parts))
