import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Institution, Kind


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
        return queryset.filter(
            Q(code__icontains=value)
            | Q(name_az__icontains=value)
            | Q(name_en__icontains=value)
            | Q(name_ru__icontains=value)
        )
