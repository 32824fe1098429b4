"""The demo commune, Xã Quang Trung, from fixtures/demo-commune-quang-trung.json.

Everything is get-or-create: loading twice adds nothing and never overwrites what a
user has changed since."""

from __future__ import annotations

import datetime
import json
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from villages.models import (
    BodyKind,
    Commune,
    HouseholdRecord,
    Profile,
    Province,
    ResponsibleBody,
    Village,
)

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo-commune-quang-trung.json"


def demo_data() -> dict[str, Any]:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def load_commune(data: dict[str, Any]) -> Commune:
    fields = dict(data["commune"])
    fields.pop("criteria_set")
    fields["recipients"] = "\n".join(fields["recipients"])
    province, _ = Province.objects.get_or_create(
        name=fields.pop("province"), defaults={"report_due_day": fields["report_due_day"]}
    )
    commune, _ = Commune.objects.get_or_create(
        name=fields.pop("name"), province=province, defaults=fields
    )

    as_of = datetime.date.fromisoformat(data["household_register_date"])
    for position, item in enumerate(data["villages"], start=1):
        village, _ = Village.objects.get_or_create(
            commune=commune,
            name=item["name"],
            defaults={
                "head_name": item["head_name"],
                "position": position,
                "is_sample_name": item["sample"],
            },
        )
        HouseholdRecord.objects.get_or_create(
            village=village,
            as_of=as_of,
            defaults={
                "households": item["households"],
                "population": item["population"],
                "source": data["household_register_source"],
            },
        )
        ResponsibleBody.objects.get_or_create(
            commune=commune,
            village=village,
            defaults={
                "name": str(village),
                "short_name": str(village),
                "kind": BodyKind.VILLAGE,
                "position": 100 + position,
            },
        )
    for position, item in enumerate(data["bodies"], start=1):
        ResponsibleBody.objects.get_or_create(
            commune=commune,
            name=item["name"],
            defaults={"short_name": item["short_name"], "kind": item["kind"], "position": position},
        )
    return commune


def bodies_by_key(commune: Commune, data: dict[str, Any]) -> dict[str, ResponsibleBody]:
    """The demo file names bodies by key ("ubnd") and villages as "village:<name>"."""
    by_name = {body.name: body for body in commune.bodies.select_related("village")}
    keys = {item["key"]: by_name[item["name"]] for item in data["bodies"]}
    for body in by_name.values():
        if body.village_id:
            keys[f"village:{body.village.name}"] = body
    return keys


def demo_email(username: str, place: str) -> str:
    """An example address (the reserved .example domain: nothing is ever delivered) so the
    demo shows its e-mails on the console: truongban@quangtrung.example."""
    domain = slugify(unicodedata.normalize("NFKD", place.replace("đ", "d").replace("Đ", "D")))
    return f"{username}@{domain.replace('-', '')}.example"


def load_accounts(commune: Commune, data: dict[str, Any]) -> None:
    """One account per role; a password is set only when the account is created."""
    user_model = get_user_model()
    bodies = bodies_by_key(commune, data)
    for item in data["accounts"]:
        user, created = user_model.objects.get_or_create(
            username=item["username"],
            defaults={
                "first_name": item["first_name"],
                "last_name": item["last_name"],
                "email": demo_email(item["username"], commune.name),
                "is_staff": item.get("superuser", False),
                "is_superuser": item.get("superuser", False),
            },
        )
        if created:
            user.set_password(data["demo_password"])
            user.save(update_fields=["password"])
            user.bodies.add(*(bodies[key] for key in item["bodies"]))
            # Every account has a profile naming its commune, the administrator's too
            # (with no role: it reads the pages and works in the administration site).
            Profile.objects.get_or_create(
                user=user,
                defaults={
                    "commune": commune,
                    "role": item["role"],
                    "job_title": item["job_title"],
                },
            )
