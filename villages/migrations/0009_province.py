# Issue 16: the province above the communes. An existing installation's commune is
# attached to a province made from its settings (the province's name it already named,
# its criteria set, its report due day): nothing is lost, and the commune's pages look
# as before. The province's name on the commune's history rows is carried over too.

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


def attach_communes(apps, schema_editor):
    db = schema_editor.connection.alias
    province_model = apps.get_model('villages', 'Province')
    commune_model = apps.get_model('villages', 'Commune')
    history_model = apps.get_model('villages', 'HistoricalCommune')
    by_name = {}
    for commune in commune_model.objects.using(db).order_by('pk'):
        name = commune.province_name.strip() or commune.name
        province = by_name.get(name.casefold())
        if province is None:
            province = province_model.objects.using(db).create(
                name=name, report_due_day=commune.report_due_day
            )
            by_name[name.casefold()] = province
        if commune.criteria_set_id:
            province.criteria_sets.add(commune.criteria_set_id)
        commune.province = province
        commune.save(update_fields=['province'])
    for name, province in by_name.items():
        history_model.objects.using(db).filter(province_name__iexact=name).update(
            province=province.pk
        )


def detach_communes(apps, schema_editor):
    db = schema_editor.connection.alias
    province_model = apps.get_model('villages', 'Province')
    commune_model = apps.get_model('villages', 'Commune')
    history_model = apps.get_model('villages', 'HistoricalCommune')
    for province in province_model.objects.using(db):
        commune_model.objects.using(db).filter(province=province).update(province_name=province.name)
        history_model.objects.using(db).filter(province=province.pk).update(province_name=province.name)


class Migration(migrations.Migration):

    dependencies = [
        ('criteria', '0006_text_and_figure_limits'),
        ('villages', '0008_commune_data_version'),
    ]

    operations = [
        migrations.CreateModel(
            name='Province',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='e.g. Thanh Hóa', max_length=100, verbose_name='province name')),
                ('code', models.CharField(blank=True, help_text='e.g. 38 for Thanh Hóa', max_length=10, verbose_name='province code')),
                ('office_name', models.CharField(default='Văn phòng Điều phối nông thôn mới tỉnh', max_length=200, verbose_name='coordination office')),
                ('report_due_day', models.PositiveSmallIntegerField(default=16, help_text="Day of the month when communes' monthly reports are due to the province.", validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(28)], verbose_name="communes' report due day")),
                ('criteria_sets', models.ManyToManyField(blank=True, related_name='provinces', to='criteria.criteriaset', verbose_name='criteria sets applied')),
            ],
            options={
                'verbose_name': 'province',
                'verbose_name_plural': 'provinces',
                'ordering': ['name'],
                'constraints': [
                    models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='villages_province_unique_name', violation_error_message='A province with this name already exists.'),
                    models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('code',), name='villages_province_unique_code'),
                    models.CheckConstraint(condition=models.Q(('report_due_day__gte', 1), ('report_due_day__lte', 28)), name='villages_province_due_day_range'),
                ],
            },
        ),
        migrations.RenameField('commune', 'province', 'province_name'),
        migrations.RenameField('historicalcommune', 'province', 'province_name'),
        migrations.AddField(
            model_name='commune',
            name='province',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='communes', to='villages.province', verbose_name='province'),
        ),
        migrations.AddField(
            model_name='historicalcommune',
            name='province',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='villages.province', verbose_name='province'),
        ),
        migrations.RunPython(attach_communes, detach_communes),
        # A default for the way back only: the removed columns come back filled with "".
        migrations.AlterField('commune', 'province_name', models.CharField(default='', max_length=100, verbose_name='province')),
        migrations.AlterField('historicalcommune', 'province_name', models.CharField(default='', max_length=100, verbose_name='province')),
        migrations.RemoveField('commune', 'province_name'),
        migrations.RemoveField('historicalcommune', 'province_name'),
        migrations.AlterField(
            model_name='commune',
            name='province',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='communes', to='villages.province', verbose_name='province'),
        ),
    ]
