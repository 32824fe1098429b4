# Issue 16: several communes share a criteria set, so every monthly record names its
# commune. A village's record belongs to the village's commune; a commune-wide record
# (no village) to the commune using the indicator's criteria set — before this
# migration an installation served one commune. With several communes on one set, the
# record goes to the first of them by id, and the migration says so.

import django.db.models.deletion
from django.db import migrations, models


def attach_records(apps, schema_editor):
    db = schema_editor.connection.alias
    record_model = apps.get_model('criteria', 'IndicatorRecord')
    history_model = apps.get_model('criteria', 'HistoricalIndicatorRecord')
    commune_model = apps.get_model('villages', 'Commune')
    village_model = apps.get_model('villages', 'Village')
    for model in (record_model, history_model):
        for village_id, commune_id in village_model.objects.using(db).values_list('pk', 'commune_id'):
            model.objects.using(db).filter(village_id=village_id).update(commune_id=commune_id)
    by_set = {}
    for commune_id, set_id in commune_model.objects.using(db).order_by('pk').values_list('pk', 'criteria_set_id'):
        if set_id is not None:
            by_set.setdefault(set_id, []).append(commune_id)
    for set_id, commune_ids in by_set.items():
        if len(commune_ids) > 1:
            print(f'\n  Criteria set {set_id} is used by communes {commune_ids}: its commune-wide records go to commune {commune_ids[0]}.')
        for model in (record_model, history_model):
            model.objects.using(db).filter(
                village__isnull=True, commune__isnull=True, indicator__criteria_set_id=set_id
            ).update(commune_id=commune_ids[0])
    orphans = record_model.objects.using(db).filter(commune__isnull=True)
    if orphans.exists():
        # Records of a set no commune uses are read by no page: they cannot be attached.
        print(f'\n  {orphans.count()} records of criteria sets no commune uses are removed.')
        orphans.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('criteria', '0009_monthly_status'),
        ('villages', '0009_province'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicatorrecord',
            name='commune',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='indicator_records', to='villages.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='historicalindicatorrecord',
            name='commune',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='villages.commune', verbose_name='commune'),
        ),
        migrations.RunPython(attach_records, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='indicatorrecord',
            name='commune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicator_records', to='villages.commune', verbose_name='commune'),
        ),
    ]
