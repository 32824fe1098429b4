import pytest

from evidence.inspection import Refused, clean_name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("..\\..\\windows\\hệ thống.pdf", "hệ thống.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("ảnh\u202egpj.exe", "ảnhgpj.exe"),
        ("a\x00b\x1fc.pdf", "abc.pdf"),
        ("  nhiều   khoảng   trắng .pdf ", "nhiều khoảng trắng .pdf"),
    ],
)
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_long_name_keeps_its_extension():
    name = clean_name("Quyết định " * 30 + ".pdf")
    assert len(name) <= 150 and name.endswith(".pdf")


@pytest.mark.parametrize("raw", ["", "..", "/", "\x00\x01"])
def test_empty_names_are_refused(raw):
    with pytest.raises(Refused):
        clean_name(raw)
