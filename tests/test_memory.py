"""ttdn.ui.memory: the objects of the first run frozen once, only in a real server."""

import gc

from ttdn.ui import memory


def test_not_frozen_outside_a_server(monkeypatch):
    monkeypatch.setattr(memory, "_frozen", False)
    before = gc.get_freeze_count()
    assert memory.in_server() is False  # pytest: no Streamlit runtime
    assert memory.freeze_once() is False
    assert gc.get_freeze_count() == before


def test_frozen_once_in_a_server(monkeypatch):
    monkeypatch.setattr(memory, "_frozen", False)
    gc.unfreeze()
    try:
        keep = [[k] for k in range(1000)]  # 1,001 tracked containers alive now
        assert memory.freeze_once(server=True) is True
        assert gc.get_freeze_count() >= len(keep) + 1
        assert memory.freeze_once(server=True) is False  # once per process
        made_after = [[k] for k in range(10)]
        assert all(gc.is_tracked(x) for x in made_after)
        # frozen objects are no longer in the generations a collection walks
        assert not any(o is keep for o in gc.get_objects())
    finally:
        gc.unfreeze()


def test_app_test_is_not_a_server(tmp_path):
    from streamlit.testing.v1 import AppTest

    script = tmp_path / "page.py"
    script.write_text(
        "import streamlit as st\nfrom ttdn.ui.memory import in_server\nst.write(str(in_server()))\n"
    )
    at = AppTest.from_file(str(script)).run()
    assert [m.value for m in at.markdown] == ["False"]


def test_switch_interval_once_in_a_server(monkeypatch):
    import sys

    before = sys.getswitchinterval()
    try:
        monkeypatch.delenv("TTDN_SWITCH_INTERVAL", raising=False)
        assert memory.switch_interval() == memory.SWITCH_INTERVAL == 0.001
        assert abs(sys.getswitchinterval() - 0.001) < 1e-9
        monkeypatch.setenv("TTDN_SWITCH_INTERVAL", "0.002")
        assert memory.switch_interval() == 0.002
        assert abs(sys.getswitchinterval() - 0.002) < 1e-9
        for off in ("0", "off", "-1"):
            monkeypatch.setenv("TTDN_SWITCH_INTERVAL", off)
            assert memory.switch_interval() is None
        assert abs(sys.getswitchinterval() - 0.002) < 1e-9  # left as it was
        monkeypatch.setenv("TTDN_SWITCH_INTERVAL", "fast")  # not a number: the default
        assert memory.switch_interval() == 0.001
        # set with the freeze, once per process, in a server only
        sys.setswitchinterval(before)
        monkeypatch.delenv("TTDN_SWITCH_INTERVAL")
        monkeypatch.setattr(memory, "_frozen", False)
        assert memory.freeze_once() is False  # pytest: not a server
        assert sys.getswitchinterval() == before
    finally:
        sys.setswitchinterval(before)
        gc.unfreeze()
