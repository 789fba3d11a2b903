"""The optional drafter against a fake OpenAI-compatible endpoint started by the test: a
grounded draft with citations, a refusal, and a slow or broken endpoint that never blocks."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model

from jiesu.knowledge import actions, drafting, search
from jiesu.organisation.actor import SYSTEM
from jiesu.testing.builders import gazette_bytes

pytestmark = pytest.mark.django_db


class FakeLLM(BaseHTTPRequestHandler):
    reply = ""
    delay = 0.0
    seen: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeLLM.seen.append(body)
        time.sleep(FakeLLM.delay)
        answer = {"choices": [{"message": {"role": "assistant", "content": FakeLLM.reply}}]}
        data = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(200 if FakeLLM.reply != "BROKEN" else 500)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.JIESU_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.JIESU_LLM_TIMEOUT = 0.5
    FakeLLM.reply, FakeLLM.delay, FakeLLM.seen = "", 0.0, []
    yield FakeLLM
    server.shutdown()
    server.server_close()


@pytest.fixture
def hits():
    actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    search.forget_stats()
    return search.search("出租车经营权几年", k=2)


def test_a_grounded_draft_cites_the_passages(endpoint, hits):
    endpoint.reply = "出租车经营权的期限是八年，期满后重新授予 [1]。"
    draft = drafting.draft("出租车经营权几年", hits)
    assert draft is not None and not draft.refused and draft.citations == [1]
    sent = endpoint.seen[0]["messages"]
    assert "测交发〔2025〕3号" in sent[1]["content"] and "只能依据" in sent[0]["content"]


@pytest.mark.parametrize("reply", [drafting.REFUSAL + "。", "大概是十年吧。"])
def test_no_answer_in_the_passages_or_no_citation_is_a_refusal(endpoint, hits, reply):
    endpoint.reply = reply
    assert drafting.draft("出租车经营权几年", hits).refused


def test_a_slow_endpoint_gives_up_at_the_timeout(endpoint, hits):
    endpoint.reply, endpoint.delay = "迟到的答复 [1]", 2.0
    started = time.perf_counter()
    assert drafting.draft("出租车经营权几年", hits) is None
    assert time.perf_counter() - started < 1.5


def test_a_broken_endpoint_gives_nothing(endpoint, hits):
    endpoint.reply = "BROKEN"
    assert drafting.draft("出租车经营权几年", hits) is None


def test_without_an_endpoint_nothing_is_called(settings, hits):
    settings.JIESU_LLM_URL = ""
    assert drafting.draft("出租车经营权几年", hits) is None


def test_the_answers_partial_never_waits_for_the_draft(endpoint, hits, client, city):
    # given: an endpoint slower than any operator would wait
    endpoint.reply, endpoint.delay = "迟到的答复 [1]", 2.0
    client.force_login(get_user_model().objects.get(username="operator"))
    client.get("/desk/knowledge/answers/")  # the first request of a process loads the URLconf
    # when
    started = time.perf_counter()
    page = client.get("/desk/knowledge/answers/", {"q": "出租车经营权几年"})
    # then: passages and script at once; the draft is only a placeholder fetched afterwards
    assert page.status_code == 200 and time.perf_counter() - started < 1.5
    assert (
        "测交发〔2025〕3号" in page.content.decode()
        and "data-kb-draft-url" in page.content.decode()
    )
    assert endpoint.seen == []
