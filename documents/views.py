"""Document pages and downloads; every file is reached through a point or conference
the user may see, so another province's files answer 404."""

import uuid

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
from outbox.selectors import batch_progress

from . import jobs, selectors
from .enums import JobKind, JobStatus
from .forms import UploadForm
from .models import BackdropSize, RenderJob
from .permissions import can_manage_documents
from .services import cache, files, programme, render_job, rendered


def _pdf_response(stored: cache.StoredDocument) -> FileResponse:
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
        return _pdf_response(rendered.invitation(self.point))


class ProgrammeView(PointMixin, View):
    def get(self, request, pk):
        return _pdf_response(rendered.programme(self.point.conference))


class BackdropView(PointMixin, View):
    def get(self, request, pk, size_pk):
        size = get_object_or_404(BackdropSize, pk=size_pk, is_active=True)
        return _pdf_response(rendered.backdrop(self.point, size))


class BackdropPreviewView(PointMixin, View):
    def get(self, request, pk, size_pk):
        size = get_object_or_404(BackdropSize, pk=size_pk, is_active=True)
        name = rendered.backdrop_preview(rendered.backdrop(self.point, size))
        return FileResponse(default_storage.open(name, "rb"), content_type="image/png")


def _file_response(document: ConferenceDocument) -> FileResponse:
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
    )


class FileView(PointMixin, View):
    """A file Vụ CCHC uploaded: published ones to everyone who sees the point.

    Uploads are served only by this view and `ConferenceFileView`: no URL serves
    MEDIA_ROOT itself, in any mode.
    """

    def get(self, request, pk, file_pk):
        visible = ConferenceDocument.objects.filter(conference=self.point.conference)
        if not can_manage_documents(request.user):
            visible = visible.filter(is_published=True)
        return _file_response(get_object_or_404(visible, pk=file_pk))


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
            version.described = programme.describe_changes(version.changes)
        return super().get_context_data(
            conference=conference,
            points=conference.points.select_related("unit"),
            sizes=list(selectors.backdrop_sizes()),
            files=selectors.all_files(conference),
            versions=versions,
            job=jobs.latest_job(
                user=self.request.user, kind=JobKind.RENDER_ALL, conference=conference
            ),
            form=self.form or UploadForm(),
            **kwargs,
        )


class UploadView(ConferenceDocumentsView):
    http_method_names = ["post"]

    def post(self, request, slug):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                files.upload_file(
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


class ConferenceFileView(ManagerMixin, View):
    """Vụ CCHC opens a file it uploaded, published or not, to check it."""

    def get(self, request, slug, file_pk):
        return _file_response(
            get_object_or_404(
                ConferenceDocument, pk=file_pk, conference=self.conference
            )
        )


class PublishFileView(ManagerMixin, View):
    def post(self, request, slug, file_pk):
        document = get_object_or_404(
            ConferenceDocument, pk=file_pk, conference=self.conference
        )
        publish = request.POST.get("publish") == "1"
        files.set_published(document=document, published=publish)
        messages.success(
            request,
            _("The file is published.") if publish else _("The file is withdrawn."),
        )
        return HttpResponseRedirect(self.page_url())


class PublishProgrammeView(ManagerMixin, TemplateView):
    """Publishing tells every province by e-mail: first a page naming how many
    addresses get it, then, confirmed, the send's progress (the outbox's page)."""

    template_name = "outbox/send_confirm.html"

    def get_context_data(self, **kwargs):
        audience = programme.programme_audience(conference=self.conference)
        return super().get_context_data(
            conference=self.conference,
            title=_("Publish the programme"),
            lead=(
                _(
                    "Version %(number)s of the programme will be recorded and sent, "
                    "as a PDF, to the provinces."
                )
                % {"number": audience.number}
                if audience.number
                else _("The programme has not changed since it was last published.")
            ),
            audience=audience,
            # A new version is recorded even when no province has an address yet.
            sendable=audience.number is not None,
            action=reverse(
                "documents:publish_programme", kwargs={"slug": self.conference.slug}
            ),
            confirm_label=_("Publish and send"),
            back_url=self.page_url(),
            **kwargs,
        )

    def post(self, request, slug):
        if request.POST.get("confirmed") != "1":
            return self.get(request, slug)
        batch = uuid.uuid4()
        version = programme.publish_programme(
            conference=self.conference, by=request.user, now=timezone.now(), batch=batch
        )
        if version is None:
            messages.info(
                request, _("The programme has not changed since it was last published.")
            )
            return HttpResponseRedirect(self.page_url())
        messages.success(
            request,
            _(
                "Programme version %(number)s published; the provinces are told by e-mail."
            )
            % {"number": version.number},
        )
        if not batch_progress(batch=batch).total:
            return HttpResponseRedirect(self.page_url())
        return HttpResponseRedirect(reverse("outbox:batch", kwargs={"batch": batch}))


class RenderAllView(ManagerMixin, View):
    """Start "Render all" (or show the requester's running one)."""

    def post(self, request, slug):
        started = render_job.start_render_job(
            conference=self.conference, by=request.user, now=timezone.now()
        )
        if request.htmx:
            return render(
                request,
                JobProgressView.template_name,
                {
                    "job": started.job,
                    "kind": JobKind.RENDER_ALL,
                    "already_running": not started.created,
                },
            )
        return HttpResponseRedirect(self.page_url())


class JobMixin(ManagerMixin):
    """A background job of the requester's, of the conference in the URL: another
    user's job is a 404, as is anything for a role without the pages."""

    @cached_property
    def job(self) -> RenderJob:
        return get_object_or_404(
            jobs.jobs_of(self.request.user),
            pk=self.kwargs["job_pk"],
            conference=self.conference,
        )


class JobProgressView(JobMixin, TemplateView):
    """The progress bar, polled by htmx until the job ends."""

    template_name = "documents/_job_progress.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.job, kind=self.job.kind, **kwargs)


class JobFileView(JobMixin, View):
    """The file of a finished job: the ZIP of "Render all", or a PDF."""

    def get(self, request, slug, job_pk):
        job = self.job
        if job.status != JobStatus.DONE or not job.file_name:
            raise Http404
        try:
            handle = default_storage.open(job.file_name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=job.download_name or job.file_name.rsplit("/", 1)[-1],
            content_type=(
                "application/zip"
                if job.kind == JobKind.RENDER_ALL
                else "application/pdf"
            ),
        )
