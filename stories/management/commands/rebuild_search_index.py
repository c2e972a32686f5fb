"""rebuild_search_index: index every story again, with the archive's current names.

For an archive migrated from before the index existed (`--missing` indexes only the stories
without an index row, which `make run` does on every start), after loading stories with
`loaddata`, or after changing stories with QuerySet.update(); imports and saves keep the
index current on their own.
"""

from django.core.management.base import BaseCommand

from stories import search


class Command(BaseCommand):
    help = "重建报道全文搜索索引（分词词典同时重新读取人物、社区和组织名称）。"

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="只为还没有索引的报道建立索引。")

    def handle(self, *args, missing=False, **options):
        if missing:
            count = search.index_missing()
            self.stdout.write(f"已为 {count} 篇尚无索引的报道建立搜索索引。")
            return
        search.refresh_words()
        count = search.rebuild()
        self.stdout.write(f"已重建搜索索引：{count} 篇报道。")
