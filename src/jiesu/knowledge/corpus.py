"""The knowledge base's own Chinese: column names that READ a question-and-answer file, and the
markers written into the stored text of a FAQ entry or a case. The stored documents are Chinese
content searched by Chinese questions, so these are data, not words shown in the active
language."""

import re

QA_COLUMNS = {
    "question": ("question", "subject", "问题", "标题"),
    "detail": ("detail", "content", "诉求内容", "留言详情"),
    "answer": ("answer", "reply", "答复", "答复意见"),
    "date": ("date", "replied_at", "答复时间", "日期"),
    "id": ("id", "编号"),
}
DATE_IN = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")

#: a FAQ entry's paragraphs
QUESTION_MARK = "问："
ANSWER_MARK = "答："
#: a case's paragraphs, and what the caller's name becomes in them
CASE_REQUEST_MARK = "诉求："
CASE_ANSWER_MARK = "答复："
CALLER_MASK = "诉求人"
