"""Rows written once and then never changed or deleted (a generated report, a log): subclass
``Immutable`` and name what it is in ``immutable_what``. Updates and deletes through the model
or its queryset raise ``TypeError``."""

from __future__ import annotations

from django.db import models


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.immutable_what} is append-only: never changed")

    def delete(self):
        raise TypeError(f"{self.model.immutable_what} is append-only: never deleted")


class Immutable(models.Model):
    immutable_what = "this record"

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError(f"{self.immutable_what} is append-only: never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self.immutable_what} is append-only: never deleted")
