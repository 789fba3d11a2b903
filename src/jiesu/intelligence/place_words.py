"""The patterns that read a place out of a ticket's subject (decision 0110): Chinese by nature,
they read input and are never shown."""

from __future__ import annotations

import re

#: an administrative unit ends here: a letter and digits before 市/区/县 (A市, A3区), 省, 县, 镇,
#: 乡, 街道, and 区/市 that are not the end of another word (小区, 社区, 城市, 超市, 市场…)
UNIT = re.compile(
    r"[a-z]\d{0,2}[市区县]|[省县镇乡]|街道|(?<![小社园景校城片])区|(?<![城超门都])市(?![场民政级区])"
)
#: a place's name does not run over a space or a punctuation mark
BREAK = re.compile(r"[\s,，.。、;；:：?？!！()（）\[\]【】\"“”'‘’《》<>]")
