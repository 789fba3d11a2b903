from django.contrib import admin

from jiesu.accounts.models import Account


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("user", "phone", "must_set_password", "password_issued_at")
    raw_id_fields = ("user",)
