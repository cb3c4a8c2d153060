# The export jobs belong to the reports app now (reports 0001 took the table over).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0029_import_row_saving'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ExportJob')],
        ),
    ]
