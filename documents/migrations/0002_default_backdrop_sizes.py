from django.db import migrations

SIZES = [
    ("Màn hình 16:9", 3200, 1800, 1),
    ("Băng rôn ngang", 4800, 1200, 2),
]


def add_sizes(apps, schema_editor):
    BackdropSize = apps.get_model("documents", "BackdropSize")
    for name, width, height, order in SIZES:
        BackdropSize.objects.get_or_create(
            name=name, defaults={"width_mm": width, "height_mm": height, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(add_sizes, migrations.RunPython.noop)]
