"""The organiser's dashboard, the map, the exports, the technicians' lists, the day view."""

from functools import lru_cache, partial

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from django_htmx.http import HttpResponseClientRedirect

from accounts.enums import Role
from accounts.roles import is_administrator
from common import xlsx
from conference.models import Conference
from conference.selectors import current_conference, point_of_province
from documents.enums import JobKind
from documents.jobs import latest_job
from readiness.permissions import can_record_readiness
from readiness.selectors import READINESS_LISTS, points_for_readiness
from tasks.permissions import can_view_tasks
from tasks.selectors import tasks_of_conference

from . import compiled, exports, pdf_jobs, services
from .forms import PointFilterForm
from .permissions import check_dashboard_access, check_day_access
from .selectors import (
    SORTS,
    count_points,
    points_for_dashboard,
    regions_of,
    tiles_of,
    totals_of,
    with_counts,
)
from .selectors.day import day_of
from .tilemap import TILE_SIZE, draw_tiles, place_tiles, svg_rows

PAGE_SIZE = 100
ALREADY_RUNNING = _(
    "Your earlier request for this file is still being made: it is shown below."
)


class ConferenceMixin(LoginRequiredMixin):
    """The conference of the URL, for a role the page is for (else 404/403)."""

    technicians = False  # technicians may use the page too

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.check_access(request.user)
        return super().dispatch(request, *args, **kwargs)

    def check_access(self, user) -> None:
        check_dashboard_access(user, technicians=self.technicians)

    @cached_property
    def conference(self) -> Conference:
        return get_object_or_404(
            Conference.objects.select_related("unit_set"), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(conference=self.conference, **kwargs)


class RollupView(ConferenceMixin, TemplateView):
    """Vụ CCHC's dashboard: totals, filters, search, sort and every point's row."""

    template_name = "dashboard/rollup.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        conference = self.conference
        form = PointFilterForm(self.request.GET, regions=regions_of(conference))
        filters = form.filters()
        points = points_for_dashboard(conference=conference, now=now, filters=filters)
        paginator = Paginator(points, PAGE_SIZE)
        # Count the filtered points without the delegate counts' GROUP BY.
        paginator.count = count_points(conference=conference, now=now, filters=filters)
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = with_counts(list(page.object_list))
        totals = totals_of(conference=conference, now=now)
        next_sort = {key: f"-{key}" if filters.sort == key else key for key in SORTS}
        return super().get_context_data(
            form=form,
            filters=filters,
            page=page,
            points=page.object_list,
            totals=totals,
            next_sort=next_sort,
            tasks=tasks_of_conference(conference=conference),
            rollup_job=latest_job(
                user=self.request.user, kind=JobKind.ROLLUP_PDF, conference=conference
            ),
            compiled_job=latest_job(
                user=self.request.user,
                kind=JobKind.COMPILED_PDF,
                conference=conference,
            ),
            now=now,
            back=self.request.get_full_path(),
            **kwargs,
        )


@lru_cache(maxsize=16_384)
def _point_url(viewname: str, urlconf: str | None, prefix: str, pk: int) -> str:
    """A point's page, the same on every load of the map: reversed once per process
    (the request's URLconf and script prefix are part of the key)."""
    return reverse(viewname, kwargs={"pk": pk})


class TileMapView(ConferenceMixin, TemplateView):
    """The provinces as tiles, coloured by list status or readiness."""

    template_name = "dashboard/map.html"
    technicians = True

    def get_context_data(self, **kwargs):
        now = timezone.now()
        by = "readiness" if self.request.GET.get("by") == "readiness" else "status"
        tiles, from_layout = place_tiles(
            tiles_of(conference=self.conference, now=now),
            unit_set_code=self.conference.unit_set.code,
        )
        drawn = draw_tiles(tiles, by=by)
        # Technicians open a point's readiness; the others its delegate list.
        target = (
            "readiness:point"
            if self.request.user.role == Role.TECHNICIAN
            else "participants:point_detail"
        )
        return super().get_context_data(
            by=by,
            tiles=drawn.shown,
            svg_rows=svg_rows(
                drawn.shown,
                url_of=partial(_point_url, target, get_urlconf(), get_script_prefix()),
            ),
            from_layout=from_layout,
            width=drawn.width,
            height=drawn.height,
            tile_size=escape(TILE_SIZE),
            legend=drawn.legend,
            **kwargs,
        )


class DelegatesExportView(ConferenceMixin, View):
    """Every delegate of the conference as .xlsx (Vụ CCHC's compile task, 21/11)."""

    def get(self, request, *args, **kwargs):
        export = exports.build_delegates_workbook(
            conference=self.conference, now=timezone.now()
        )
        response = HttpResponse(export.content, content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
        return response


class PdfJobView(ConferenceMixin, View):
    """Start a long PDF as a background job (POST); answer its progress bar (htmx) or
    the dashboard, where the bar shows. A second request while the requester's job
    of the kind runs shows that job and starts nothing."""

    http_method_names = ["post"]
    kind: str = ""

    def post(self, request, *args, **kwargs):
        conference = self.conference
        try:
            started = services.start_pdf_job(
                conference=conference,
                kind=self.kind,
                by=request.user,
                now=timezone.now(),
            )
        except compiled.TooManyDelegates as too_many:
            messages.warning(
                request, pdf_jobs.too_many_delegates_message(too_many.args[0])
            )
            return self._back()
        if request.htmx:
            return render(
                request,
                "documents/_job_progress.html",
                {
                    "job": started.job,
                    "kind": self.kind,
                    "already_running": not started.created,
                },
            )
        if started.created:
            messages.info(
                request,
                _("The PDF is being made; download it here when it is ready."),
            )
        else:
            messages.info(request, ALREADY_RUNNING)
        return self._back()

    def _back(self):
        url = reverse("dashboard:rollup", args=[self.conference.slug])
        if self.request.htmx:
            return HttpResponseClientRedirect(url)
        return redirect(url)


class RollupPdfView(PdfJobView):
    """The roll-up of every point as a PDF, made by a worker."""

    kind = JobKind.ROLLUP_PDF


class CompiledListPdfView(PdfJobView):
    """The chairs and the delegates of every point as one PDF (the 21/11 task)."""

    kind = JobKind.COMPILED_PDF


class ConnectionCheckListView(ConferenceMixin, TemplateView):
    """Trung tâm Thông tin's points: readiness, contacts, and the lists to work on."""

    template_name = "dashboard/connection_list.html"
    technicians = True

    def get_context_data(self, **kwargs):
        listing = self.request.GET.get("list")
        listing = listing if listing in READINESS_LISTS else ""
        points = points_for_readiness(conference=self.conference, listing=listing)
        page = Paginator(points, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            points=page.object_list,
            page=page,
            listing=listing,
            listings=[
                ("", _("All points")),
                *((key, entry.label) for key, entry in READINESS_LISTS.items()),
            ],
            can_record=can_record_readiness(self.request.user),
            back=self.request.get_full_path(),
            **kwargs,
        )


class DayView(ConferenceMixin, TemplateView):
    """The conference day: who is connected, who is missing; refreshes itself."""

    template_name = "dashboard/day.html"

    def check_access(self, user) -> None:
        check_day_access(user, self.conference)

    def get_template_names(self):
        if self.request.htmx:
            return ["dashboard/_day_panel.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(
            day=day_of(conference=self.conference, now=now),
            now=now,
            wall=self.request.GET.get("wall") == "1",
            **kwargs,
        )


class HomeView(LoginRequiredMixin, TemplateView):
    """Send each role to its own page."""

    template_name = "dashboard/home_empty.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        conference = current_conference(now=timezone.now())
        if is_administrator(user):
            # The admin's "view site" lands here: the portal as Vụ CCHC sees it.
            if conference is None:
                return redirect("admin:index")
            return redirect("dashboard:rollup", slug=conference.slug)
        if conference is None:
            return super().get(request, *args, **kwargs)
        if user.role == Role.PROVINCE_STAFF:
            point = point_of_province(conference=conference, province=user.province)
            if point is not None:
                return redirect("participants:point_detail", pk=point.pk)
            return super().get(request, *args, **kwargs)
        if user.role == Role.ORGANISER:
            return redirect("dashboard:rollup", slug=conference.slug)
        if user.role == Role.TECHNICIAN:
            return redirect("dashboard:connection_list", slug=conference.slug)
        if can_view_tasks(user):
            # A Ministry unit's member without a portal role (Văn phòng Bộ).
            return redirect("tasks:task_list", slug=conference.slug)
        return super().get(request, *args, **kwargs)
