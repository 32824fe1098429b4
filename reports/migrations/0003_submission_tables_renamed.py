# The bodies' monthly submissions move to their own app, `submissions` (issue 10).
# Step 1 of 3: the tables take the new app's names; rows, ids and history stay as they
# are. Step 2 is submissions/0001_initial (the models appear there, no table created),
# step 3 reports/0004 (the models leave this app's state, no table dropped).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_monthly_report'),
    ]

    operations = [
        migrations.AlterModelTable(name='submission', table='submissions_submission'),
        migrations.AlterModelTable(
            name='historicalsubmission', table='submissions_historicalsubmission'
        ),
    ]
