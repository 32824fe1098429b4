import os
import subprocess
import sys

from django.conf import settings
from django.db import connection


def run_check(*command, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env, ENV_FILE="/dev/null")
    return subprocess.run(
        [sys.executable, "manage.py", *(command or ["check"])],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_required_when_debug_off():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked():
    result = run_check(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        "-v",
        "0",
        SECRET_KEY="x" * 50,
    )
    assert result.stdout.strip() == "False"


def test_vietnamese_defaults():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert "en" in dict(settings.LANGUAGES)


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(db):
    if connection.vendor != "sqlite":
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_vietnamese_date_input_is_accepted():
    from django import forms
    from django.utils import translation

    with translation.override("vi"):
        field = forms.DateField()
        assert str(field.clean("16/03/2024")) == "2024-03-16"


def test_redis_and_the_broker_come_from_the_environment():
    script = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CELERY_BROKER_URL, s.SESSION_ENGINE)"
    )
    configured = run_check(
        "shell",
        "-c",
        script,
        "-v",
        "0",
        SECRET_KEY="x" * 50,
        REDIS_URL="redis://10.0.0.5:6379/1",
        CELERY_BROKER_URL="redis://10.0.0.5:6379/0",
    )
    assert configured.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://10.0.0.5:6379/0",
        "django.contrib.sessions.backends.db",
    ]
    embedded = run_check("shell", "-c", script, "-v", "0", SECRET_KEY="x" * 50)
    assert embedded.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]
