"""The conference record: .xlsx at once, PDF through a background job."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from common import xlsx

from ..enums import ExportStatus
from ..models import RecordExport
from ..record.rows import record_of
from ..record.xlsx import record_xlsx
from ..services.record import start_record_export
from .common import OrganiserMixin, private_file

PROGRESS = "questions/_record_job.html"


def _stamp(now) -> str:
    return timezone.localtime(now).strftime("%Y%m%d-%H%M")


class RecordXlsxView(OrganiserMixin, View):
    """Every question, comment and answer as .xlsx."""

    def get(self, request, slug):
        now = timezone.now()
        content = record_xlsx(record_of(conference=self.conference, now=now))
        response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
        name = f"cau-hoi-gop-y-{self.conference.slug}-{_stamp(now)}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RecordPdfStartView(OrganiserMixin, View):
    def post(self, request, slug):
        job = start_record_export(
            conference=self.conference, by=request.user, now=timezone.now()
        )
        if request.htmx:
            return render(
                request, PROGRESS, {"conference": self.conference, "job": job}
            )
        return HttpResponseRedirect(
            reverse("questions:triage_list", kwargs={"slug": self.conference.slug})
        )


class RecordJobView(OrganiserMixin, TemplateView):
    """The job's progress, polled by htmx until it ends."""

    template_name = PROGRESS

    def get_context_data(self, **kwargs):
        job = get_object_or_404(
            RecordExport, pk=self.kwargs["export_pk"], conference=self.conference
        )
        return super().get_context_data(job=job, **kwargs)


class RecordJobFileView(OrganiserMixin, View):
    def get(self, request, slug, export_pk):
        job = get_object_or_404(
            RecordExport,
            pk=export_pk,
            conference=self.conference,
            status=ExportStatus.DONE,
        )
        name = f"cau-hoi-gop-y-{self.conference.slug}-{_stamp(job.created_at)}.pdf"
        return private_file(job.file, download_name=name)
