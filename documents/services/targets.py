"""What "Render all" and `render_documents` make: targets, as objects and as the plain
ids task messages carry, and their specs with every database read done."""

from __future__ import annotations

from collections.abc import Iterable

from conference.models import BridgePoint, Conference

from .. import selectors
from ..enums import RenderKind
from ..models import BackdropSize
from .cache import Spec
from .rendered import backdrop_spec, invitation_spec, programme_spec


def render_targets(
    conference: Conference, kinds: Iterable[str] = tuple(RenderKind), point_code=None
) -> list[tuple[str, BridgePoint | None, BackdropSize | None]]:
    """Everything "Render all" makes: (kind, point, size) triples."""
    points = list(conference.points.select_related("unit", "conference"))
    if point_code is not None:
        points = [
            p
            for p in points
            if (p.unit and p.unit.code == point_code)
            or (p.is_main and point_code == "main")
        ]
    sizes = list(selectors.backdrop_sizes())
    targets: list[tuple[str, BridgePoint | None, BackdropSize | None]] = []
    if RenderKind.PROGRAMME in kinds:
        targets.append((RenderKind.PROGRAMME, None, None))
    if RenderKind.INVITATION in kinds:
        targets += [(RenderKind.INVITATION, p, None) for p in points if not p.is_main]
    if RenderKind.BACKDROP in kinds:
        targets += [(RenderKind.BACKDROP, p, s) for p in points for s in sizes]
    return targets


def target_spec(conference, kind, point, size) -> Spec:
    if kind == RenderKind.PROGRAMME:
        return programme_spec(conference)
    if kind == RenderKind.INVITATION:
        return invitation_spec(point)
    return backdrop_spec(point, size)


# A job's targets as plain ids, as they travel in task messages.
Target = tuple[str, int | None, int | None]


def target_ids(targets) -> list[Target]:
    return [
        (kind, point.pk if point else None, size.pk if size else None)
        for kind, point, size in targets
    ]


def specs(conference: Conference, ids: Iterable[Target]) -> list[Spec]:
    """The specs of many targets, sharing one conference and its header data, their
    database reads done (e.g. to render them in forked processes that then need no
    database)."""
    points = {}
    for point in conference.points.select_related("unit", "delegate_list"):
        point.conference = conference
        points[point.pk] = point
    sizes = {s.pk: s for s in BackdropSize.objects.all()}
    with selectors.memoised(conference):
        return [
            target_spec(
                conference,
                kind,
                points.get(point_id) if point_id else None,
                sizes.get(size_id) if size_id else None,
            )
            for kind, point_id, size_id in ids
        ]
