import datetime
from types import SimpleNamespace

import pytest
import time_machine

from villages.models import BodyKind, ResponsibleBody, Role

MARCH = datetime.date(2024, 3, 1)
# 10:00 on 10/03/2024 in Hà Nội: March is open, its reports are due in 6 days.
MARCH_10 = datetime.datetime(2024, 3, 10, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(MARCH_10, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(commune, body, villages, make_user):
    """One account per role around two bodies and one village. `officer` belongs to
    `body` (UBND), `other_officer` to `farmers`, `village_head` to the village."""
    farmers = ResponsibleBody.objects.create(
        commune=commune, name="Hội Nông dân xã", kind=BodyKind.MASS_ORGANISATION, position=2
    )
    village_body = ResponsibleBody.objects.create(
        commune=commune,
        name="Thôn Một",
        kind=BodyKind.VILLAGE,
        village=villages[0],
        position=101,
    )
    steering = ResponsibleBody.objects.create(
        commune=commune, name="Ban Chỉ đạo xã", kind=BodyKind.STEERING_COMMITTEE, position=0
    )
    return SimpleNamespace(
        commune=commune,
        body=body,
        farmers=farmers,
        village_body=village_body,
        steering=steering,
        head=make_user("head", Role.HEAD, commune),
        standing=make_user("standing", Role.STANDING, commune),
        officer=make_user("officer", Role.OFFICER, commune, bodies=[body]),
        other_officer=make_user("other", Role.OFFICER, commune, bodies=[farmers]),
        village_head=make_user("thon", Role.VILLAGE_HEAD, commune, bodies=[village_body]),
        viewer=make_user("viewer", Role.VIEWER, commune),
    )


def as_user(client, people, role):
    """Sign the client in as the person for `role` ("anonymous": nobody)."""
    if role != "anonymous":
        client.force_login(getattr(people, role))
    return client
