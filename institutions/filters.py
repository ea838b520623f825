import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Institution, Kind
from .names import fold_az, fold_plain


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Institution
        fields = ["q", "kind"]

    def search(
        self, queryset: QuerySet[Institution], name: str, value: str
    ) -> QuerySet[Institution]:
        # Both sides folded alike, so the database's own case rules play no part.
        return queryset.filter(
            Q(search_text__contains=fold_az(value)) | Q(search_text__contains=fold_plain(value))
        )
