"""generate_corpus: write synthetic pages and their manifest.csv for import_stories.

Thin by design: arguments, one call to stories.corpus, the report. The output folder may be
missing, empty, or hold a previous corpus (manifest.csv with our header and page files named
like ours), which is replaced whole; anything else there is refused, so an operator's own
files are never deleted.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stories.corpus import GENERATOR_VERSION, MANIFEST_NAME, CorpusError, write_corpus


class Command(BaseCommand):
    help = (
        "生成合成的报纸版面文本和 manifest.csv，供 import_stories 导入，用于大规模测试。"
        "同一种子生成的文件逐字节相同。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, required=True, help="版面数（正整数）")
        parser.add_argument(
            "--out", required=True, help="输出文件夹：不存在、为空，或是以前生成的语料（将被替换）"
        )
        parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")

    def handle(self, *args, pages, out, seed, **options):
        try:
            summary = write_corpus(Path(out), pages, seed)
        except CorpusError as error:
            raise CommandError(str(error)) from error
        if summary.removed:
            self.stdout.write(f"已删除以前生成的 {summary.removed} 个版面。")
        self.stdout.write(
            f"已生成 {summary.pages} 个版面、报道 {summary.stories} 篇（按生成器计）到 {out}，"
            f"清单 {Path(out) / MANIFEST_NAME}；种子 {seed}，生成器版本 {GENERATOR_VERSION}。"
        )
