"""Chinese segmentation (jieba with the domain dictionary) and the bridge between the words
callers use and the words documents use (lexicon/synonyms.txt).

The index holds a passage's words as text separated by spaces; a question becomes a list of
*concepts*, each a set of interchangeable words (工伤 = 工伤保险 = 受伤 …), so that ranking
counts a concept once whichever of its words a passage uses."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "lexicon"
WORD = re.compile(r"[\u4e00-\u9fa5]{2,}|[a-zA-Z]{2,}|\d+(?:\.\d+)?")
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "在",
        "是",
        "为",
        "对",
        "将",
        "把",
        "被",
        "由",
        "从",
        "以",
        "于",
        "按",
        "向",
        "就",
        "都",
        "也",
        "还",
        "又",
        "而",
        "并",
        "之",
        "其",
        "该",
        "各",
        "这",
        "那",
        "我",
        "你",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "他们",
        "我爸",
        "我妈",
        "我家",
        "请问",
        "请",
        "问",
        "一下",
        "什么",
        "怎么",
        "怎样",
        "如何",
        "哪里",
        "哪儿",
        "哪些",
        "哪个",
        "多少",
        "是否",
        "是不是",
        "有没有",
        "能不能",
        "可不可以",
        "可以",
        "能否",
        "能",
        "会",
        "要",
        "想",
        "需要",
        "应该",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "嘛",
        "么",
        "个",
        "人",
        "人家",
        "一个",
        "这个",
        "那个",
        "这样",
        "那样",
        "现在",
        "今年",
        "去年",
        "已经",
        "没有",
        "还是",
        "一直",
        "知道",
        "告诉",
        "有关",
        "相关",
        "进行",
        "开展",
        "工作",
        "关于",
    ]
)
_lock = threading.Lock()
logging.getLogger("jieba").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Concept:
    """One thing the question asks about: the words that may stand for it."""

    words: frozenset[str]
    label: str


def warm_in_background() -> threading.Thread:
    """Load the segmenter and the domain dictionary in a thread (the web server does it at
    start): the first question at the desk does not wait the seconds loading takes."""
    thread = threading.Thread(target=tokenizer, name="jiesu-knowledge-warm", daemon=True)
    thread.start()
    return thread


@cache
def tokenizer():
    import jieba

    with _lock:
        t = jieba.Tokenizer()
        t.initialize()
        t.load_userdict(str(DATA / "dictionary.txt"))
        for group in synonym_groups():
            for word in group:
                if not word.startswith("~") and len(word) > 1:
                    t.add_word(word, freq=20)
    return t


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    groups = []
    for line in (DATA / "synonyms.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            groups.append(tuple(line.split()))
    return tuple(groups)


@cache
def _word_groups() -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for n, group in enumerate(synonym_groups()):
        for word in group:
            if not word.startswith("~"):
                index.setdefault(word, []).append(n)
    return index


def _keep(word: str) -> bool:
    return bool(WORD.fullmatch(word)) and word not in STOPWORDS


def words(text: str) -> list[str]:
    """The index words of a text: jieba's search-mode cut (a long word and its parts), less
    punctuation, single characters and stop words."""
    return [w.lower() for w in tokenizer().cut_for_search(text) if _keep(w)]


def index_text(text: str) -> str:
    return " ".join(words(text))


def concepts(question: str) -> list[Concept]:
    """What a question asks about, each with the words that may stand for it."""
    groups = synonym_groups()
    by_word = _word_groups()
    found: dict[str, Concept] = {}
    used_groups: set[int] = set()
    for n, group in enumerate(groups):  # spoken phrases the segmenter cannot cut out
        if any(w.startswith("~") and w[1:] in question for w in group):
            used_groups.add(n)
    for word in dict.fromkeys(words(question)):
        members = {word}
        for n in by_word.get(word, []):
            used_groups.add(n)
        for n in by_word.get(word, []):
            members |= {w for w in groups[n] if not w.startswith("~")}
        if any(n in used_groups for n in by_word.get(word, [])):
            continue  # folded into its group below
        found[word] = Concept(frozenset(members), word)
    for n in sorted(used_groups):
        members = frozenset(w.lower() for w in groups[n] if not w.startswith("~"))
        found[groups[n][0]] = Concept(members, groups[n][0])
    return list(found.values())
