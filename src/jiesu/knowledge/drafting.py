"""The optional drafter: an OpenAI-compatible chat endpoint (a local vLLM, Ollama or Xinference,
``JIESU_LLM_URL``) drafts an answer grounded only in the retrieved passages, citing them as
[1], [2]…, and refuses when they do not hold the answer.

Never in the way: without ``JIESU_LLM_URL`` nothing is called; a slow, broken or odd endpoint
gives ``None`` after ``JIESU_LLM_TIMEOUT`` seconds, and the desk asks for drafts in a request of
their own, after the page has loaded."""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from jiesu.knowledge.search import Hit

logger = logging.getLogger("jiesu.knowledge")
REFUSAL = "无法根据知识库回答"
SYSTEM = (
    "你是12345政务服务热线的话务助手。只能依据用户给出的编号资料回答，不得使用资料以外的知识。"
    "回答用简体中文，口语化、简洁，可直接念给来电群众听；每句依据都用 [编号] 标明出处。"
    f"如果资料不足以回答问题，只回复“{REFUSAL}”，不要编造。"
)


@dataclass
class Draft:
    text: str
    citations: list[int]
    refused: bool


def configured() -> bool:
    return bool(settings.JIESU_LLM_URL)


def _prompt(question: str, hits: list[Hit]) -> str:
    sources = "\n\n".join(f"[{n}] {h.citation}\n{h.passage}" for n, h in enumerate(hits, 1))
    return f"资料：\n{sources}\n\n群众的问题：{question}"


def draft(question: str, hits: list[Hit]) -> Draft | None:
    """A drafted answer, a refusal, or None when there is no endpoint or it failed."""
    if not configured() or not hits:
        return None
    body = {
        "model": settings.JIESU_LLM_MODEL,
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": _prompt(question, hits)},
        ],
        "temperature": 0.1,
        "stream": False,
    }
    request = urllib.request.Request(
        settings.JIESU_LLM_URL.rstrip("/") + "/chat/completions",
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.JIESU_LLM_TIMEOUT) as response:
            answer = json.loads(response.read().decode("utf-8"))
        text = str(answer["choices"][0]["message"]["content"]).strip()
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError) as exc:
        logger.warning("knowledge drafter unavailable: %s", exc)
        return None
    if not text or REFUSAL in text:
        return Draft(text=REFUSAL, citations=[], refused=True)
    cited = sorted({int(n) for n in re.findall(r"\[(\d{1,2})\]", text) if 1 <= int(n) <= len(hits)})
    if not cited:  # an answer that names no source is not grounded: treat it as a refusal
        return Draft(text=REFUSAL, citations=[], refused=True)
    return Draft(text=text, citations=cited, refused=False)
