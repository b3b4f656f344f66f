"""The admin's change history (django-simple-history) in values people read."""

from django.db.models import ManyToManyField
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .display import display_value


class ReadableValuesHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            return super().prepare_delta_change_value(change, value)
        return display_value(field, value)


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose changes show times, people, phones and choices as the
    portal's history page does, not as stored (UTC, ids, E.164, codes)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableValuesHelper(self.model, historical_record)
