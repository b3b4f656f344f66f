"""The conference's public page (no login: the Ministry's web portal links to it)
and Vụ CCHC's Voffice packages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from conference.models import Conference
from documents.permissions import can_manage_documents
from documents.services import rendered

from . import selectors, voffice


class PublicMixin:
    @cached_property
    def conference(self) -> Conference:
        return get_object_or_404(Conference, slug=self.kwargs["slug"])


class PublicConferenceView(PublicMixin, TemplateView):
    """The conference as the public may read it: when, the programme as published,
    the published files. Nothing about delegates or the provinces' work."""

    template_name = "publication/conference.html"

    def get_context_data(self, **kwargs):
        conference = self.conference
        return super().get_context_data(
            conference=conference,
            programme=selectors.published_programme(conference=conference),
            files=selectors.published_files(conference=conference),
            **kwargs,
        )


class PublicFileView(PublicMixin, View):
    def get(self, request, slug, file_pk):
        document = get_object_or_404(
            selectors.published_files(conference=self.conference), pk=file_pk
        )
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.file.name.rsplit("/", 1)[-1],
        )


class PublicProgrammeView(PublicMixin, View):
    """The programme's PDF, only while it is the version published."""

    def get(self, request, slug):
        programme = selectors.published_programme(conference=self.conference)
        if programme is None or not programme.pdf_is_current:
            raise Http404
        stored = rendered.programme(self.conference)
        return FileResponse(
            default_storage.open(stored.name, "rb"),
            as_attachment=True,
            filename=stored.download_name,
            content_type="application/pdf",
        )


class ManagerMixin(LoginRequiredMixin):
    """Vụ CCHC's pages: anyone else gets a 404, as on the documents pages."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_manage_documents(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def conference(self) -> Conference:
        return get_object_or_404(Conference, slug=self.kwargs["slug"])


class VofficeListView(ManagerMixin, TemplateView):
    template_name = "publication/voffice.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            conference=self.conference,
            recipients=selectors.recipients(conference=self.conference),
            files=selectors.published_files(conference=self.conference),
            **kwargs,
        )


class VofficePackageView(ManagerMixin, View):
    def get(self, request, slug, pk):
        point = get_object_or_404(
            selectors.recipients(conference=self.conference), pk=pk
        )
        package = voffice.package_for(point)
        response = HttpResponse(package.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{package.file_name}"'
        return response
