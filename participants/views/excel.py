"""Excel for a point's delegate list: the template, the upload and its preview, the export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from common import xlsx
from common.forms import STALE_PAGE

from ..excel import applying
from ..excel.checking import FIELDS
from ..excel.export import build_export, export_file_name
from ..excel.preview import preview_of
from ..excel.template import build_template
from ..forms import ConfirmImportForm, DelegateImportForm, ImportRowForm
from ..models import DelegateImport
from ..selectors import delegates_in_plan_order
from .common import ListChangeMixin, PointScopedMixin


def xlsx_response(content: bytes, *, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


class DelegateTemplateView(PointScopedMixin, View):
    """The blank list to fill in, with this point's deadline in its instructions."""

    def get(self, request, *args, **kwargs):
        code = self.point.unit.code if self.point.unit_id else "diem-cau-chinh"
        return xlsx_response(
            build_template(point=self.point),
            file_name=f"mau-danh-sach-dai-bieu-{code}.xlsx",
        )


class DelegateExportView(PointScopedMixin, View):
    """The point's list as .xlsx, for the province itself and Vụ CCHC."""

    def get(self, request, *args, **kwargs):
        content = build_export(
            point=self.point,
            delegates=delegates_in_plan_order(point=self.point),
            now=timezone.now(),
        )
        return xlsx_response(content, file_name=export_file_name(self.point))


class DelegateImportView(ListChangeMixin, FormView):
    template_name = "participants/delegate_import.html"
    form_class = DelegateImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            delegate_import = applying.stage_import(
                point=self.point,
                upload=upload,
                file_name=upload.name,
                mode=form.cleaned_data["mode"],
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error("file", exc)
            return self.form_invalid(form)
        return redirect(
            "participants:delegate_import_preview",
            pk=self.point.pk,
            import_id=delegate_import.pk,
        )


class DelegateImportPreviewView(ListChangeMixin, TemplateView):
    """The file's rows a page at a time, rows with errors first, with the counts of
    the whole file; correct a refused row, confirm or discard the file."""

    template_name = "participants/delegate_import_preview.html"

    @cached_property
    def delegate_import(self) -> DelegateImport:
        return get_object_or_404(
            self.point.delegate_imports.select_related("created_by"),
            pk=self.kwargs["import_id"],
        )

    def get_context_data(self, **kwargs):
        delegate_import = self.delegate_import
        preview = preview_of(
            delegate_import=delegate_import, page=self.request.GET.get("page")
        )
        pending = delegate_import.status == DelegateImport.Status.PENDING
        page = preview.page
        return super().get_context_data(
            delegate_import=delegate_import,
            preview=preview,
            page=page,
            page_range=list(
                page.paginator.get_elided_page_range(
                    page.number, on_each_side=2, on_ends=1
                )
            ),
            # A form under each refused row of the page, to correct it here
            # instead of in Excel.
            lines=[
                (
                    row,
                    ImportRowForm(
                        prefix=f"row{row.number}", initial=row.values, point=self.point
                    )
                    if row.errors and pending
                    else None,
                )
                for row in preview.rows
            ],
            **kwargs,
        )

    def fix_row(self, request):
        number = request.POST.get("row", "")
        page = request.POST.get("page", "")
        back = f"{request.path}?page={page}" if page.isdigit() else request.path
        if not number.isdigit():
            return redirect(back)
        prefix = f"row{number}-"
        data = {name: request.POST.get(prefix + name, "") for name in FIELDS}
        check = applying.fix_import_row(
            delegate_import=self.delegate_import,
            number=int(number),
            data=data,
            by=request.user,
            now=timezone.now(),
        )
        fixed = next(row for row in check.rows if row.number == int(number))
        if fixed.errors:
            messages.error(
                request,
                _("Row %(row)s still has errors: see below.") % {"row": number},
            )
            # Still refused, so still among the first rows: shown where it was.
            return redirect(f"{back}#row-{number}")
        messages.success(request, _("Row %(row)s was corrected.") % {"row": number})
        # Corrected, it joins the valid rows; the page shows the next refused ones.
        return redirect(back)

    def post(self, request, *args, **kwargs):
        delegate_import = self.delegate_import  # 404 before anything else
        action = request.POST.get("action")
        now = timezone.now()
        try:
            if action == "confirm":
                form = ConfirmImportForm(request.POST)
                result = applying.apply_import(
                    delegate_import=delegate_import,
                    by=request.user,
                    now=now,
                    # None (missing or malformed) is refused by the service.
                    expected_list_version=form.cleaned_data["list_version"]
                    if form.is_valid()
                    else None,
                )
            elif action == "fix":
                return self.fix_row(request)
            elif action == "discard":
                applying.discard_import(
                    delegate_import=delegate_import, by=request.user, now=now
                )
                messages.info(
                    request, _("The file was discarded; the list is unchanged.")
                )
                return HttpResponseRedirect(self.point_url())
            else:
                return redirect(request.path)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(request.path)
        if result.refused == "missing_version":
            messages.error(request, STALE_PAGE)
            return redirect(request.path)
        if result.refused == "changed":
            messages.error(
                request,
                _(
                    "The list was changed by someone else after this preview was "
                    "shown. Nothing was imported: check the preview again, which now "
                    "counts the current list, and confirm it if it is still right."
                ),
            )
            return redirect(request.path)
        if not result.applied:
            messages.error(
                request,
                _(
                    "The list was changed after the file was checked. Nothing was "
                    "imported: see the rows that now conflict."
                ),
            )
            return redirect(request.path)
        messages.success(
            request,
            ngettext(
                "%(count)s delegate was imported into the list.",
                "%(count)s delegates were imported into the list.",
                result.created,
            )
            % {"count": result.created},
        )
        return HttpResponseRedirect(self.point_url())
