# The export jobs, moved from the awards app: the same table, renamed to the reports app's.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to(app_label, other):
    def move(apps, schema_editor):
        """The staff's permissions on export jobs follow them: their content type is renamed
        (one made for the new app meanwhile, by a post_migrate, is dropped first)."""
        ContentType = apps.get_model("contenttypes", "ContentType")
        old = ContentType.objects.filter(app_label=other, model="exportjob").first()
        if old is not None:
            ContentType.objects.filter(app_label=app_label, model="exportjob").delete()
            old.app_label = app_label
            old.save(update_fields=["app_label"])

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('awards', '0029_import_row_saving'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('summary_pdf', 'yearly summary (PDF)')], max_length=20, verbose_name='kind')),
                        ('parameters', models.JSONField(default=dict, verbose_name='parameters')),
                        ('status', models.CharField(choices=[('pending', 'waiting'), ('running', 'running'), ('done', 'done'), ('failed', 'failed')], default='pending', max_length=10, verbose_name='status')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                        ('step', models.CharField(blank=True, max_length=200, verbose_name='step')),
                        ('file', models.FileField(blank=True, upload_to='exports/%Y/', verbose_name='file')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'verbose_name': 'export',
                        'verbose_name_plural': 'exports',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='export_progress_percent')],
                        'db_table': 'awards_exportjob',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='exportjob', table=None),
        migrations.RunPython(content_type_to('reports', 'awards'), content_type_to('awards', 'reports')),
    ]
