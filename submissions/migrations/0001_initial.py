# Step 2 of 3 of the move of the bodies' monthly submissions out of `reports` (issue 10;
# see reports/0003): the models enter this app's state on the tables reports/0003
# renamed, so nothing is created or copied. The content types follow, so that
# permissions, admin log entries and history keep pointing at the same rows.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ('submission', 'historicalsubmission')


def move_content_types(apps, schema_editor, old='reports', new='submissions'):
    content_type = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    for model in MODELS:
        if content_type.objects.using(db).filter(app_label=new, model=model).exists():
            continue
        content_type.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old='submissions', new='reports')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('reports', '0003_submission_tables_renamed'),
        ('villages', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalSubmission',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('month', models.DateField(help_text='First day of the reporting month.', verbose_name='month')),
                        ('results', models.TextField(max_length=4000, verbose_name='results')),
                        ('difficulties', models.TextField(blank=True, max_length=4000, verbose_name='difficulties')),
                        ('proposals', models.TextField(blank=True, max_length=4000, verbose_name='proposals')),
                        ('indicators_confirmed', models.BooleanField(default=False, verbose_name='I confirm the figures of the indicators we answer for')),
                        ('first_submitted_at', models.DateTimeField(help_text='Whether the report was on time is judged by its first submission.', verbose_name='first submitted at')),
                        ('submitted_at', models.DateTimeField(verbose_name='submitted at')),
                        ('sent_back', models.BooleanField(default=False, verbose_name='sent back')),
                        ('sent_back_note', models.TextField(blank=True, max_length=4000, verbose_name='note when sent back')),
                        ('sent_back_at', models.DateTimeField(blank=True, null=True, verbose_name='sent back at')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('is_sample', models.BooleanField(default=False, help_text='Made up for the demo commune.', verbose_name='sample data')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='villages.responsiblebody', verbose_name='body')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('sent_back_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sent back by')),
                        ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                    ],
                    options={
                        'verbose_name': 'historical monthly submission',
                        'verbose_name_plural': 'historical monthly submissions',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Submission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(help_text='First day of the reporting month.', verbose_name='month')),
                        ('results', models.TextField(max_length=4000, verbose_name='results')),
                        ('difficulties', models.TextField(blank=True, max_length=4000, verbose_name='difficulties')),
                        ('proposals', models.TextField(blank=True, max_length=4000, verbose_name='proposals')),
                        ('indicators_confirmed', models.BooleanField(default=False, verbose_name='I confirm the figures of the indicators we answer for')),
                        ('first_submitted_at', models.DateTimeField(help_text='Whether the report was on time is judged by its first submission.', verbose_name='first submitted at')),
                        ('submitted_at', models.DateTimeField(verbose_name='submitted at')),
                        ('sent_back', models.BooleanField(default=False, verbose_name='sent back')),
                        ('sent_back_note', models.TextField(blank=True, max_length=4000, verbose_name='note when sent back')),
                        ('sent_back_at', models.DateTimeField(blank=True, null=True, verbose_name='sent back at')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('is_sample', models.BooleanField(default=False, help_text='Made up for the demo commune.', verbose_name='sample data')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='villages.responsiblebody', verbose_name='body')),
                        ('sent_back_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sent back by')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                    ],
                    options={
                        'verbose_name': 'monthly submission',
                        'verbose_name_plural': 'monthly submissions',
                        'ordering': ['-month', 'body'],
                        'constraints': [models.UniqueConstraint(fields=('body', 'month'), name='reports_submission_one_per_body_month'), models.CheckConstraint(condition=models.Q(('month__day', 1)), name='reports_submission_month_first_day'), models.CheckConstraint(condition=models.Q(('sent_back', False), models.Q(('sent_back_note', ''), _negated=True), _connector='OR'), name='reports_submission_sent_back_has_note')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
