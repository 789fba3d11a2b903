from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.organisation.models import ApiToken, Membership, Region, Unit


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "parent", "active"]
    list_filter = ["kind", "region", "active"]
    search_fields = ["code", "name"]
    list_select_related = ["region", "parent"]
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `jiesu token create USERNAME` (only then is the secret shown);
    here they are listed and revoked."""

    list_display = ["prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    fields = ["prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked"]
    readonly_fields = ["prefix", "user", "name", "created_at", "expires_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("吊销所选令牌"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked=False).update(revoked=True)
        self.message_user(request, _("已吊销 %(count)s 个令牌。") % {"count": count})
