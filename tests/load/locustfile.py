"""`make load`'s users: each asks, without pause, for the pages of tests/load/pages.py, in
their KINDS proportions, with ids and filters sampled from the served archive before any user
starts. Any status but 2xx is a failure (redirects are not followed).

Run by tests/load/run.py; by hand, from the project folder, against a server you started:

    .venv/bin/python -m locust -f tests/load/locustfile.py --headless -u 32 -t 60s \\
        --host http://127.0.0.1:8000

(`python -m`, so that `tests.load.pages` imports from the project folder.)
"""

import json
import random
from urllib.request import urlopen

from locust import FastHttpUser, constant, events, task

from tests.load import pages

sample = None  # a pages.Sample, read before any user starts


@events.init.add_listener
def read_sample(environment, **kwargs):
    """Locust treats an exception here as fatal: no load runs without a sample."""
    global sample
    first = _api(environment.host, 1)
    others = [_api(environment.host, n) for n in pages.sample_api_pages(first["num_pages"])[1:]]
    sample = pages.sample_from([first, *others])


def _api(host, page):
    address = f"{host}/api/stories.json?page_size={pages.API_PAGE_SIZE}&page={page}"
    with urlopen(address, timeout=60) as response:
        return json.load(response)


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self):
        kind = random.choices(list(pages.KINDS), weights=pages.KINDS.values())[0]
        path = pages.url(kind, sample, random)
        with self.client.get(path, name=kind, allow_redirects=False, catch_response=True) as r:
            if not 200 <= r.status_code < 300:
                r.failure(f"status {r.status_code}")
