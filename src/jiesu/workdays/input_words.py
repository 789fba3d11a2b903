"""Words that READ a calendar file's ``is_workday`` column: Chinese input, not text we show."""

TRUE_WORDS = frozenset({"1", "true", "上班"})
FALSE_WORDS = frozenset({"0", "false", "休息"})
