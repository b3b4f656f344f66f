"""The conference's Atom feed: every published file and programme version, for
the Ministry's web portal to pull."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from conference.models import Conference

from . import selectors


class ConferenceFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Conference, slug=slug)

    def title(self, conference):
        return conference.short_title

    def subtitle(self, conference):
        return conference.title

    def link(self, conference):
        return reverse("public:conference", kwargs={"slug": conference.slug})

    def author_name(self):
        return "Bộ Nội vụ"

    def items(self, conference):
        entries = [
            {
                "title": f"Chương trình hội nghị, phiên bản {version.number}",
                "description": "Chương trình hội nghị đã được Bộ Nội vụ công bố.",
                "link": reverse("public:conference", kwargs={"slug": conference.slug})
                + f"#chuong-trinh-v{version.number}",
                "updated": version.published_at,
            }
            for version in conference.programme_versions.all()
        ]
        entries += [
            {
                "title": document.title,
                "description": str(document.get_kind_display()).capitalize(),
                "link": reverse(
                    "public:file",
                    kwargs={"slug": conference.slug, "file_pk": document.pk},
                ),
                "updated": document.uploaded_at,
            }
            for document in selectors.published_files(conference=conference)
        ]
        return sorted(entries, key=lambda e: e["updated"], reverse=True)

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["description"]

    def item_link(self, item):
        return item["link"]

    def item_guid(self, item):
        return item["link"]

    def item_updateddate(self, item):
        return item["updated"]

    def item_pubdate(self, item):
        return item["updated"]

    def feed_copyright(self):
        return f"Bộ Nội vụ {timezone.localdate().year}"
