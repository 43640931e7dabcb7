"""`make bench-load` (ttdn/bench/load_ws.py): the parts that need no server — the
figures it reports and the targets it checks. The protocol client itself runs against a
real server in tests/e2e/test_serve_browser.py."""

from ttdn.bench import load_ws
from ttdn.bench.__main__ import suites


def row(target, sessions, p95, errors=0, lost=0):
    return {
        "target": target,
        "sessions": sessions,
        "rerun_p95_ms": p95,
        "errors": errors,
        "lost_sessions": lost,
    }


def test_percentiles_in_milliseconds():
    # 11 values 0.0 … 1.0 s: p50 = 0.5 s, p95 = 0.95 s (linear interpolation)
    p50, p95 = load_ws._ms([i / 10 for i in range(11)])
    assert (p50, p95) == (500.0, 950.0)
    assert load_ws._ms([]) == (None, None)


def test_checks_against_the_issue_targets():
    rows = [
        row("ttdn-2", 25, 990.0),
        row("ttdn-1", 100, 5000.0, errors=0, lost=0),
        row("ttdn-2", 100, 4000.0, errors=1, lost=0),
    ]
    hostile = [
        {"target": "ttdn-2", "case": "malformed frames", "health_after": True,
         "normal_session_after": "ok", "ok": True},
    ]  # fmt: skip
    found = {c["target"]: c for c in load_ws.checks(rows, hostile)}
    assert found["2 replicas, 25 sessions: rerun p95 ≤ 1,000 ms"]["ok"] is True
    assert found["ttdn-1, 100 sessions: no error, no lost session"]["ok"] is True
    assert found["ttdn-2, 100 sessions: no error, no lost session"]["ok"] is False
    assert found["ttdn-2: malformed frames — still healthy, a normal session works"]["ok"]
    slow = load_ws.checks([row("ttdn-2", 25, 1000.1)], [])
    assert slow[0]["ok"] is False
    lost = load_ws.checks([row("ttdn-2", 25, 500.0, lost=1)], [])
    assert lost[0]["ok"] is False  # fast, but a session was lost


def test_bench_load_is_not_a_suite_of_make_bench():
    assert "load_ws" not in suites() and "bare_app" not in suites()
    assert "pages" in suites()


def test_table_shows_cpu_per_run_and_the_clients_share():
    r = {
        **row("ttdn-1", 25, 900.0),
        "rerun_p50_ms": 450.0,
        "open_p50_ms": 100.0,
        "open_p95_ms": 200.0,
        "sessions_per_replica": {"1": 13, "2": 12},
        "server_cpu_percent": 95.0,
        "server_cpu_ms_per_run": 71.5,
        "client_cpu_percent": 2.0,
    }
    head, _, line = load_ws.table([r]).splitlines()
    assert "cpu ms/run" in head and "client cpu %" in head
    cells = [c.strip() for c in line.split("|")]
    assert cells[-4:] == ["1:13,2:12", "95", "72", "2"]
