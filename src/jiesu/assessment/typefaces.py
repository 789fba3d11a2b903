"""The typefaces of an official document (GB/T 9704): font names, data not words."""

BODY_FONT, HEADING_FONT = "仿宋", "黑体"
TITLE_FONT = "方正小标宋简体"
