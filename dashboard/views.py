"""The organiser's dashboard, the map, the exports, the technicians' lists, the day view."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from accounts.enums import Role
from accounts.roles import is_administrator
from conference.enums import ListStatus
from conference.models import Conference
from conference.selectors import current_conference, point_of_province
from readiness.enums import Readiness
from readiness.permissions import can_record_readiness
from readiness.selectors import READINESS_LISTS, points_for_readiness
from tasks.permissions import can_view_tasks
from tasks.selectors import tasks_of_conference

from . import compiled, exports, pdfs
from .forms import PointFilterForm
from .permissions import check_dashboard_access
from .selectors import (
    SORTS,
    count_points,
    day_of,
    points_for_dashboard,
    regions_of,
    tiles_of,
    totals_of,
    with_counts,
)
from .tilemap import TILE_GAP, TILE_SIZE, place_tiles, svg_tiles

PAGE_SIZE = 100
STATUS_SYMBOLS = {
    ListStatus.NOT_STARTED: "○",
    ListStatus.DRAFT: "✎",
    ListStatus.SUBMITTED: "✓",
    ListStatus.REOPENED: "↺",
    ListStatus.LATE: "!",
}
READINESS_SYMBOLS = {
    Readiness.NOT_TESTED: "○",
    Readiness.IN_PROGRESS: "◐",
    Readiness.PROBLEM: "✗",
    Readiness.READY: "✓",
}


class ConferenceMixin(LoginRequiredMixin):
    """The conference of the URL, for a role the page is for (else 404/403)."""

    technicians = False  # technicians may use the page too

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check_dashboard_access(request.user, technicians=self.technicians)
        return super().dispatch(request, *args, **kwargs)

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
            status_bars=[
                (
                    s,
                    totals.by_status.get(s.value, 0),
                    totals.percent(totals.by_status.get(s.value, 0)),
                )
                for s in ListStatus
            ],  # fmt: skip
            readiness_bars=[
                (
                    r,
                    totals.by_readiness.get(r.value, 0),
                    totals.percent(totals.by_readiness.get(r.value, 0)),
                )
                for r in Readiness
            ],  # fmt: skip
            next_sort=next_sort,
            agencies=exports.Agency,
            tasks=tasks_of_conference(conference=conference),
            now=now,
            back=self.request.get_full_path(),
            **kwargs,
        )


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
        step = TILE_SIZE + TILE_GAP
        enum, symbols = (
            (Readiness, READINESS_SYMBOLS)
            if by == "readiness"
            else (ListStatus, STATUS_SYMBOLS)
        )
        labels = dict(enum.choices)
        shown = [
            {
                "tile": t,
                "x": t.col * step,
                "y": t.row * step,
                "key": getattr(t, by),
                "label": labels[getattr(t, by)],
                "symbol": symbols[getattr(t, by)],
                "by": by,
            }
            for t in tiles
        ]
        cols = max((t.col for t in tiles), default=0) + 1
        rows = max((t.row for t in tiles), default=0) + 1
        # Technicians open a point's readiness; the others its delegate list.
        target = (
            "readiness:point"
            if self.request.user.role == Role.TECHNICIAN
            else "participants:point_detail"
        )
        url_of_point = reverse(target, kwargs={"pk": 0}).replace("/0/", "/{pk}/")
        return super().get_context_data(
            by=by,
            tiles=shown,
            svg=svg_tiles(shown, url_of_point=url_of_point),
            from_layout=from_layout,
            width=cols * step,
            height=rows * step,
            tile_size=TILE_SIZE,
            legend=[(value, label, symbols[value]) for value, label in enum.choices],
            **kwargs,
        )


class DelegatesExportView(ConferenceMixin, View):
    """Every delegate of the conference as .xlsx (Vụ CCHC's compile task, 21/11)."""

    def get(self, request, *args, **kwargs):
        export = exports.build_delegates_workbook(
            conference=self.conference, now=timezone.now()
        )
        response = HttpResponse(
            export.content,
            content_type="application/vnd.openxmlformats-officedocument"
            ".spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
        return response


class RollupPdfView(ConferenceMixin, View):
    """The roll-up of every point as a PDF."""

    def get(self, request, *args, **kwargs):
        export = pdfs.build_rollup_pdf(conference=self.conference, now=timezone.now())
        response = HttpResponse(export.content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
        return response


class CompiledListPdfView(ConferenceMixin, View):
    """The chairs and the delegates of every point as one PDF (the 21/11 task)."""

    def get(self, request, *args, **kwargs):
        try:
            export = compiled.build_compiled_pdf(
                conference=self.conference, now=timezone.now()
            )
        except compiled.TooManyDelegates as too_many:
            messages.warning(
                request,
                _(
                    "%(count)s delegates are too many for one printed list (at most "
                    "%(limit)s): download every delegate as .xlsx instead."
                )
                % {
                    "count": number_format(too_many.args[0], force_grouping=True),
                    "limit": number_format(compiled.MAX_DELEGATES, force_grouping=True),
                },
            )
            return redirect("dashboard:rollup", slug=self.conference.slug)
        response = HttpResponse(export.content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
        return response


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
                ("not_tested", _("Not tested yet")),
                ("problem", _("Tested with a problem")),
                ("no_contact", _("No technical contact")),
            ],
            can_record=can_record_readiness(self.request.user),
            back=self.request.get_full_path(),
            **kwargs,
        )


class DayView(ConferenceMixin, TemplateView):
    """The conference day: who is connected, who is missing; refreshes itself."""

    template_name = "dashboard/day.html"
    technicians = True

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
