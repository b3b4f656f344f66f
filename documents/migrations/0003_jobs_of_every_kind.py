# The "Render all" job becomes the one background-job model: a kind, a file of any
# kind in storage, the last sign of progress for the sweeper, one active job per
# requester and kind, and the documents a render-all job counted (once each).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INTERRUPTED = (
    "Việc này bị dừng khi cổng thông tin được cập nhật. Vui lòng bấm lại để tạo mới."
)


def end_jobs_of_the_old_counting(apps, schema_editor):
    """Jobs still waiting or running were counted the old way (a redelivered chunk
    counted twice, done past total): end them, so the new constraints hold."""
    RenderJob = apps.get_model("documents", "RenderJob")
    RenderJob.objects.filter(status__in=["pending", "running"]).update(
        status="failed", error=INTERRUPTED
    )
    RenderJob.objects.filter(done__gt=models.F("total")).update(done=models.F("total"))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_default_backdrop_sizes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("renderjob", "zip_name", "file_name"),
        migrations.AlterField(
            model_name="renderjob",
            name="file_name",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="file in storage"
            ),
        ),
        migrations.AlterField(
            model_name="renderjob",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="to render"),
        ),
        migrations.AddField(
            model_name="renderjob",
            name="kind",
            field=models.CharField(
                choices=[
                    ("render_all", "every document (ZIP)"),
                    ("rollup_pdf", "roll-up of the bridge points (PDF)"),
                    ("compiled_pdf", "list of chairs and delegates (PDF)"),
                ],
                default="render_all",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="renderjob",
            name="download_name",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="download name"
            ),
        ),
        migrations.AddField(
            model_name="renderjob",
            name="progress_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="last progress"
            ),
        ),
        migrations.AlterModelOptions(
            name="renderjob",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "background job",
                "verbose_name_plural": "background jobs",
            },
        ),
        migrations.RunPython(end_jobs_of_the_old_counting, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="renderjob",
            index=models.Index(
                fields=["status", "progress_at"], name="job_status_progress"
            ),
        ),
        migrations.AddConstraint(
            model_name="renderjob",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ("pending", "running"))),
                fields=("requested_by", "kind"),
                name="one_active_job_per_user_and_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="renderjob",
            constraint=models.CheckConstraint(
                condition=models.Q(("done__lte", models.F("total"))),
                name="job_done_within_total",
            ),
        ),
        migrations.CreateModel(
            name="RenderedTarget",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("target", models.CharField(max_length=60, verbose_name="document")),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rendered_targets",
                        to="documents.renderjob",
                        verbose_name="job",
                    ),
                ),
            ],
            options={
                "verbose_name": "rendered document",
                "verbose_name_plural": "rendered documents",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("job", "target"), name="rendered_target_counted_once"
                    )
                ],
            },
        ),
    ]
