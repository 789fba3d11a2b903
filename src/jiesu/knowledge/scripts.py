"""The suggested reply script (答复话术), built from the passages without any model: it names
the source (title + 文号) and quotes the sentences of the best passage that speak to the
question, so the operator can read it out or paste it into the online answer."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jiesu.knowledge import segment
from jiesu.knowledge.search import Hit, cite

MAX_SENTENCES = 3
#: the script when nothing was found (marked here, translated when a script is built)
NOTHING = gettext_noop(
    "您好，您咨询的问题在现有政策文件中暂未找到明确规定。我们将记录您的诉求，"
    "转交相关部门核实后答复您，请保持电话畅通。"
)


#: the covering words of a notice that prints a policy: true of every document, an answer to no one
BOILERPLATE = re.compile(r"印发给你们|请认真贯彻|请结合实际|遵照执行|认真组织实施|^附件[：:]")
#: a notice whose whole point is the policy it prints: read out, the policy is the source
PRINTS = re.compile(r"^关于(?:印发|转发|发布|公布)(《[^《》]+》)的(?:通知|决定|公告)$")
#: where a sentence starts even without punctuation before it (lines joined in extraction)
STARTS = re.compile(r"(?<=[。；！？])|(?=第[一二三四五六七八九十百]+条\s)|(?=附件[：:])")


def _sentences(text: str) -> list[str]:
    flat = text.replace("\n", "")
    return [s.strip() for s in STARTS.split(flat) if len(s.strip()) > 4]


def key_sentences(question: str, passage: str, limit: int = MAX_SENTENCES) -> list[str]:
    """The sentences of ``passage`` that share most concepts with the question, in text order."""
    concepts = segment.concepts(question)
    sentences = [s for s in _sentences(passage) if not BOILERPLATE.search(s)] or _sentences(passage)
    scored = []
    for n, s in enumerate(sentences):
        found = set(segment.words(s))
        score = sum(1 for c in concepts if c.words & found)
        scored.append((score, n, s))
    best = sorted(scored, key=lambda x: (-x[0], x[1]))[:limit]
    chosen = [s for score, n, s in sorted(best, key=lambda x: x[1]) if score > 0]
    return chosen or sentences[:1]


def _spoken_citation(hit: Hit) -> str:
    """The citation read out: 《the policy》（文号） for a notice printing one policy."""
    printed = PRINTS.match(hit.doc_title)
    return cite(printed.group(1), hit.doc_number) if printed else hit.citation


def _issued_by(issuer: str) -> str:
    """The words "{first issuer}[等]印发的", or nothing when the issuer is unknown."""
    first, _sep, more = issuer.partition("、")
    if not first:
        return ""
    if more:
        first = _("%(issuer)s等") % {"issuer": first}
    return _("%(issuer)s印发的") % {"issuer": first}


def reply_script(question: str, hits: list[Hit]) -> str:
    if not hits:
        return _(NOTHING)
    top = hits[0]
    script = _("您好，关于您咨询的问题，根据%(source)s的规定：%(quoted)s") % {
        "source": _issued_by(top.issuer) + _spoken_citation(top),
        "quoted": "".join(key_sentences(question, top.passage)),
    }
    others = [_spoken_citation(h) for h in hits[1:3] if h.doc_id != top.doc_id]
    if others:
        script += _("另可参阅%(others)s。") % {"others": _("、").join(dict.fromkeys(others))}
    return script + _("如需进一步了解，可咨询相关主管部门。")
