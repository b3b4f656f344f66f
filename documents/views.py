"""Document pages and downloads; every file is reached through a point or conference
the user may see, so another province's files answer 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from conference.models import Conference, ConferenceDocument
from conference.permissions import points_visible_to

from . import selectors, services
from .forms import UploadForm
from .models import BackdropSize, RenderJob
from .permissions import can_manage_documents


def _pdf_response(stored: services.StoredDocument) -> FileResponse:
    return FileResponse(
        default_storage.open(stored.name, "rb"),
        as_attachment=True,
        filename=stored.download_name,
        content_type="application/pdf",
    )


class PointMixin(LoginRequiredMixin):
    """The point among those the user may see; any other is a 404."""

    @cached_property
    def point(self):
        points = points_visible_to(self.request.user).select_related(
            "conference", "unit"
        )
        return get_object_or_404(points, pk=self.kwargs["pk"])


class PointDocumentsView(PointMixin, TemplateView):
    """A point's documents: its invitation and backdrops, the programme, the files."""

    template_name = "documents/point_documents.html"

    def get_context_data(self, **kwargs):
        point = self.point
        conference = point.conference
        sizes = list(selectors.backdrop_sizes())
        manager = can_manage_documents(self.request.user)
        return super().get_context_data(
            point=point,
            conference=conference,
            sizes=sizes,
            files=(
                selectors.all_files(conference)
                if manager
                else selectors.published_files(conference)
            ),
            versions=selectors.programme_versions(conference)[:1],
            can_manage=manager,
            **kwargs,
        )


class InvitationView(PointMixin, View):
    def get(self, request, pk):
        if self.point.is_main:
            raise Http404
        return _pdf_response(services.invitation(self.point))


class ProgrammeView(PointMixin, View):
    def get(self, request, pk):
        return _pdf_response(services.programme(self.point.conference))


class BackdropView(PointMixin, View):
    def get(self, request, pk, size_pk):
        size = get_object_or_404(BackdropSize, pk=size_pk, is_active=True)
        return _pdf_response(services.backdrop(self.point, size))


class BackdropPreviewView(PointMixin, View):
    def get(self, request, pk, size_pk):
        size = get_object_or_404(BackdropSize, pk=size_pk, is_active=True)
        name = services.backdrop_preview(services.backdrop(self.point, size))
        return FileResponse(default_storage.open(name, "rb"), content_type="image/png")


class FileView(PointMixin, View):
    """A file Vụ CCHC uploaded: published ones to everyone who sees the point."""

    def get(self, request, pk, file_pk):
        files = ConferenceDocument.objects.filter(conference=self.point.conference)
        if not can_manage_documents(request.user):
            files = files.filter(is_published=True)
        document = get_object_or_404(files, pk=file_pk)
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.file.name.rsplit("/", 1)[-1],
        )


class ManagerMixin(LoginRequiredMixin):
    """Vụ CCHC's pages: anyone else gets a 404, as for another province's page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_manage_documents(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def conference(self):
        return get_object_or_404(Conference, slug=self.kwargs["slug"])

    def page_url(self):
        return reverse("documents:conference", kwargs={"slug": self.conference.slug})


class ConferenceDocumentsView(ManagerMixin, TemplateView):
    template_name = "documents/conference_documents.html"
    form = None

    def get_context_data(self, **kwargs):
        conference = self.conference
        versions = list(selectors.programme_versions(conference)[:5])
        for version in versions:
            version.described = services.describe_changes(version.changes)
        return super().get_context_data(
            conference=conference,
            points=conference.points.select_related("unit"),
            sizes=list(selectors.backdrop_sizes()),
            files=selectors.all_files(conference),
            versions=versions,
            job=RenderJob.objects.filter(conference=conference).first(),
            form=self.form or UploadForm(),
            **kwargs,
        )


class UploadView(ConferenceDocumentsView):
    http_method_names = ["post"]

    def post(self, request, slug):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.upload_file(
                    conference=self.conference,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error("file", exc)
        if form.errors:
            self.form = form
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(
            request, _("The file was uploaded. Publish it for the provinces.")
        )
        return HttpResponseRedirect(self.page_url())


class PublishFileView(ManagerMixin, View):
    def post(self, request, slug, file_pk):
        document = get_object_or_404(
            ConferenceDocument, pk=file_pk, conference=self.conference
        )
        publish = request.POST.get("publish") == "1"
        services.set_published(document=document, published=publish)
        messages.success(
            request,
            _("The file is published.") if publish else _("The file is withdrawn."),
        )
        return HttpResponseRedirect(self.page_url())


class PublishProgrammeView(ManagerMixin, View):
    def post(self, request, slug):
        version = services.publish_programme(
            conference=self.conference, by=request.user, now=timezone.now()
        )
        if version is None:
            messages.info(
                request, _("The programme has not changed since it was last published.")
            )
        else:
            messages.success(
                request,
                _(
                    "Programme version %(number)s published; the provinces are told by e-mail."
                )
                % {"number": version.number},
            )
        return HttpResponseRedirect(self.page_url())


class RenderAllView(ManagerMixin, View):
    def post(self, request, slug):
        job = services.start_render_job(conference=self.conference, by=request.user)
        if request.htmx:
            return render(
                request,
                JobProgressView.template_name,
                {"conference": self.conference, "job": job},
            )
        return HttpResponseRedirect(self.page_url())


class JobProgressView(ManagerMixin, TemplateView):
    """The progress bar, polled by htmx until the job ends."""

    template_name = "documents/_job_progress.html"

    def get_context_data(self, **kwargs):
        job = get_object_or_404(
            RenderJob, pk=self.kwargs["job_pk"], conference=self.conference
        )
        return super().get_context_data(conference=self.conference, job=job, **kwargs)


class JobZipView(ManagerMixin, View):
    def get(self, request, slug, job_pk):
        job = get_object_or_404(
            RenderJob, pk=job_pk, conference=self.conference, zip_name__gt=""
        )
        return FileResponse(
            default_storage.open(job.zip_name, "rb"),
            as_attachment=True,
            filename=f"tai-lieu-hoi-nghi-{job.pk}.zip",
            content_type="application/zip",
        )
