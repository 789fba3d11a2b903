"""The portal's own bot check, with no outside service: a small sum in Chinese numerals whose
answer travels signed with the form (``django.core.signing``), valid for a while, plus a field
hidden from people that bots fill in."""

from __future__ import annotations

import secrets

from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import ValidationFailed

_SALT = "jiesu.portal.challenge"
_DIGITS = gettext_lazy("零一二三四五六七八九十")
MAX_AGE = 30 * 60  # seconds a challenge stays valid


def new() -> tuple[str, str]:
    """A question to show and the signed token that carries its answer."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    question = _("%(v0)s加%(v2)s等于几？（请填阿拉伯数字）") % {"v0": _DIGITS[a], "v2": _DIGITS[b]}
    return question, signing.dumps(a + b, salt=_SALT)


def check(token: str, answer: str, honeypot: str = "") -> None:
    """Refuse a wrong, expired or forged answer, or a filled-in hidden field."""
    if honeypot:
        raise ValidationFailed("challenge_failed", _("提交未通过人机校验，请重新填写。"))
    try:
        expected = signing.loads(token or "", salt=_SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationFailed(
            "challenge_expired", _("校验题已过期，请回答新的校验题后再提交。"), field="challenge"
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationFailed(
            "challenge_failed", _("提交未通过人机校验，请重新填写。"), field="challenge"
        ) from exc
    if (answer or "").strip() != str(expected):
        raise ValidationFailed(
            "challenge_failed", _("校验题回答不正确，请重新计算后再提交。"), field="challenge"
        )
