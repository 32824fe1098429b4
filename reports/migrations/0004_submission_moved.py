# Step 3 of 3 of the move of Submission to `submissions` (see 0003): the models leave
# this app's state; their tables now belong to `submissions` and are kept.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_submission_tables_renamed'),
        ('submissions', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='HistoricalSubmission'),
                migrations.DeleteModel(name='Submission'),
            ],
            database_operations=[],
        ),
    ]
