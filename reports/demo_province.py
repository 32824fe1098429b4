"""`load_demo --province`: the province demo. Xã Quang Trung (loaded first, as without
the option) and eleven more communes of the same province with generated, plausible
figures for January–March 2024, every one marked as sample data (`Commune.is_sample`,
`Village.is_sample_name`, `IndicatorRecord.is_sample`), and the province's accounts.

Each sample commune has a head and a standing member (`<commune>.truongban`,
`<commune>.thuongtruc`, the demo password), who approve and send its monthly reports
for the last three months Quang Trung has closed, through the same services as the
pages: most on time, a few late, and two communes have not sent the latest month, so
that the province's inbox and dashboard show a plausible state.

Deterministic (a seeded generator per commune) and idempotent: loading twice adds
nothing. Its own module, called from the command, so that the command stays small."""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from criteria.models import IndicatorKind, IndicatorRecord
from criteria.monthly import monthly_status_rebuild
from reports import demo as reports_demo
from reports.documents import ascii_slug
from villages.demo import demo_email
from villages.models import (
    BodyKind,
    Commune,
    HouseholdRecord,
    Profile,
    Province,
    ResponsibleBody,
    Role,
    Village,
)

MONTHS = [datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 3, 1)]
# Sample names (communes of the region, used here as placeholders): every one is marked
# as sample data and its figures are generated.
SAMPLE_COMMUNES = [
    ("Minh Sơn", 1),
    ("Cao Thịnh", 2),
    ("Lam Sơn", 1),
    ("Kiên Thọ", 2),
    ("Phùng Giáo", 3),
    ("Nguyệt Ấn", 2),
    ("Thúy Sơn", 1),
    ("Mỹ Tân", 3),
    ("Vân Am", 3),
    ("Thạch Lập", 2),
    ("Quang Sơn", 1),
]
VILLAGE_NAMES = ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Thôn 5", "Thôn 6", "Thôn 7"]
PROVINCE_ACCOUNTS = [
    # username, first name, last name, role, job title
    ("tinh.dieuphoi", "Hà", "Lê Thu", Role.COORDINATOR, "Chuyên viên Văn phòng Điều phối NTM tỉnh"),
    (
        "tinh.quantri",
        "Nam",
        "Phạm Văn",
        Role.PROVINCE_ADMIN,
        "Quản trị hệ thống, VP Điều phối NTM tỉnh",
    ),
]


# Which sample communes (by their place in SAMPLE_COMMUNES) have not sent the latest
# month, and how many days late the others send it (0: on the due day; negative: early).
MISSING_LATEST = {3, 8}
LATEST_DELAYS = [-2, 3, 0, None, -1, -3, 5, 0, None, -1, 2]
EARLIER_DELAYS = [-1, 0, -2, 4, 0, -1, 0, -3, 1, 0, -2]


def load_province(
    quang_trung: Commune, password: str, months: list[datetime.date] | None = None
) -> list[Commune]:
    """`months`: the months whose reports the sample communes send (oldest first)."""
    province = quang_trung.province
    if not province.code:
        province.code = "38"
        province.office_name = "Văn phòng Điều phối nông thôn mới tỉnh Thanh Hóa"
        province.save(update_fields=["code", "office_name"])
    if quang_trung.commune_group is None:
        quang_trung.commune_group = 2
        quang_trung.save(update_fields=["commune_group"])
    made = [_sample_commune(province, quang_trung, name, group) for name, group in SAMPLE_COMMUNES]
    _accounts(province, password)
    _commune_accounts(made, password)
    for place, commune in enumerate(made):
        _send_reports(commune, place, months or [])
    return made


def account_prefix(commune: Commune) -> str:
    """ "Minh Sơn" → "minhson" (the sample commune's accounts: minhson.thuongtruc)."""
    return ascii_slug(commune.name).replace("-", "")


def _commune_accounts(communes: list[Commune], password: str) -> None:
    """A head and a standing member per sample commune. One hash for all of them (the
    same password): hashing 22 times would add seconds to the load for nothing."""
    users = get_user_model().objects
    hashed = make_password(password)
    for commune in communes:
        prefix = account_prefix(commune)
        for suffix, role, title in (
            ("truongban", Role.HEAD, "Trưởng Ban chỉ đạo xã (mẫu)"),
            ("thuongtruc", Role.STANDING, "Thường trực Ban chỉ đạo xã (mẫu)"),
        ):
            user, created = users.get_or_create(
                username=f"{prefix}.{suffix}", defaults={"password": hashed}
            )
            if created:
                Profile.objects.create(user=user, commune=commune, role=role, job_title=title)


def _send_reports(commune: Commune, place: int, months: list[datetime.date]) -> None:
    prefix = account_prefix(commune)
    for month in months:
        latest = month == months[-1]
        if latest and place in MISSING_LATEST:
            continue
        delay = (LATEST_DELAYS if latest else EARLIER_DELAYS)[place]
        if not latest:
            delay -= month.month % 2  # not the same day every month
        reports_demo.send_month(
            commune,
            month,
            days_late=delay,
            head=f"{prefix}.truongban",
            standing=f"{prefix}.thuongtruc",
        )


def _sample_commune(province: Province, model: Commune, name: str, group: int) -> Commune:
    commune, created = Commune.objects.get_or_create(
        province=province,
        name=name,
        defaults={
            "region": model.region,
            "commune_group": group,
            "criteria_set": model.criteria_set,
            "superior_body": province.office_name,
            "signer_name": "",
            "is_sample": True,
        },
    )
    if not created:
        return commune
    rng = random.Random(name)
    count = rng.randint(4, len(VILLAGE_NAMES))
    villages = Village.objects.bulk_create(
        Village(commune=commune, name=village, position=i, is_sample_name=True)
        for i, village in enumerate(VILLAGE_NAMES[:count], start=1)
    )
    households = {v.pk: rng.randint(120, 420) for v in villages}
    HouseholdRecord.objects.bulk_create(
        HouseholdRecord(
            village=v,
            as_of=datetime.date(2023, 12, 31),
            households=households[v.pk],
            population=households[v.pk] * 4,
            source="Số liệu mẫu",
        )
        for v in villages
    )
    ResponsibleBody.objects.create(
        commune=commune,
        name=f"Ủy ban nhân dân xã {name}",
        short_name="UBND xã",
        kind=BodyKind.PEOPLES_COMMITTEE,
    )
    ResponsibleBody.objects.bulk_create(
        ResponsibleBody(
            commune=commune,
            name=str(v),
            short_name=str(v),
            kind=BodyKind.VILLAGE,
            village=v,
            position=100 + v.position,
        )
        for v in villages
    )
    IndicatorRecord.objects.bulk_create(_records(commune, villages, households, rng))
    # Written in bulk, behind records_save's back: the stored monthly status is rebuilt.
    monthly_status_rebuild(commune)
    return commune


def _records(
    commune: Commune, villages: list[Village], households: dict[int, int], rng: random.Random
) -> list[IndicatorRecord]:
    """A commune that meets most indicators, misses a few, and improves one in March."""
    records = []
    indicators = list(commune.criteria_set.indicators.all())
    behind = set(rng.sample([i.pk for i in indicators], k=rng.randint(1, 5)))
    improving = rng.choice(sorted(behind))

    def add(indicator, village, month, **values):
        records.append(
            IndicatorRecord(
                commune=commune,
                indicator=indicator,
                village=village,
                month=month,
                is_sample=True,
                **values,
            )
        )

    for indicator in indicators:
        fine = indicator.pk not in behind
        places = villages if indicator.per_village else [None]
        for village in places:
            if indicator.kind == IndicatorKind.BOOLEAN:
                add(indicator, village, MONTHS[0], met=fine)
                if indicator.pk == improving:
                    add(indicator, village, MONTHS[2], met=True)
            elif indicator.kind == IndicatorKind.RATIO:
                base = Decimal(households[village.pk] if village else sum(households.values()))
                share = Decimal(rng.randint(96, 100) if fine else rng.randint(40, 70))
                numerator = (base * share / 100).quantize(Decimal(1), ROUND_DOWN)
                add(indicator, village, MONTHS[0], numerator=numerator, denominator=base)
                if indicator.pk == improving:
                    add(indicator, village, MONTHS[2], numerator=base, denominator=base)
            else:
                value = Decimal(rng.randint(40, 80))
                add(indicator, village, MONTHS[0], value=value)
    return records


def _accounts(province: Province, password: str) -> None:
    user_model = get_user_model()
    for username, first, last, role, title in PROVINCE_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": demo_email(username, province.name),
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            Profile.objects.create(user=user, province=province, role=role, job_title=title)
