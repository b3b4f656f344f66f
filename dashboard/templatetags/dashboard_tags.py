"""Small pieces of the dashboard's rows."""

from django import template

from participants.enums import Agency

register = template.Library()


@register.simple_tag
def agency_breakdown(point) -> str:
    """'Sở Nội vụ 3 · Sở Tư pháp 1': the point's delegates by agency, none left out."""
    parts = []
    for agency in Agency:
        count = getattr(point, f"agency_{agency.value}", 0)
        if count:
            parts.append(f"{agency.label} {count}")
    return " · ".join(parts)
