from django.contrib import messages
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, UpdateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from .filters import InstitutionFilter
from .forms import InstitutionContactsForm, InstitutionProfileForm
from .models import Institution
from .pages import institution_sections
from .rules import institutions_visible_to


class InstitutionListView(PermissionRequiredMixin, FilterView):
    permission_required = "institutions.list_institutions"
    filterset_class = InstitutionFilter
    template_name = "institutions/institution_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Institution]:
        return institutions_visible_to(self.request.user)


class InstitutionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "institutions.view_institution"
    model = Institution
    slug_field = slug_url_kwarg = "code"
    template_name = "institutions/institution_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_edit"] = user.has_perm("institutions.change_institution", self.object)
        context["can_see_complaints"] = user.has_perm(
            "complaints.view_institution_complaints", self.object
        )
        context["sections"] = institution_sections(request=self.request, institution=self.object)
        return context


class InstitutionUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "institutions.change_institution"
    model = Institution
    slug_field = slug_url_kwarg = "code"
    template_name = "institutions/institution_form.html"

    def get_form_class(self) -> type[InstitutionContactsForm]:
        if self.request.user.has_perm("institutions.change_institution_identity", self.object):
            return InstitutionProfileForm
        return InstitutionContactsForm

    def form_invalid(self, form):
        # The page names the institution as saved, not as the refused form would rename it.
        self.object.refresh_from_db()
        return super().form_invalid(form)

    def form_valid(self, form):
        messages.success(self.request, _("The profile was saved."))
        return super().form_valid(form)
