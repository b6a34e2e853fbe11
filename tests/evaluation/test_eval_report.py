"""`copilot eval report` and `copilot eval compare` on hand-made run directories."""

from __future__ import annotations

import argparse
import re

from copilot.evaluation.report import compare_cli, load_run, render_html, render_markdown, resolve_run, svg_histogram, write_report

OFF_TOPIC = "Здравствуйте! Деньги за отменённый заказ вернутся на карту в течение 10 дней."


def _two_case_run(make_run, make_case, make_event, good_draft, run_id="R1", second_draft=None):
    a, b = make_case("EV-A"), make_case("EV-B")
    return make_run(run_id, [a, b], [make_event(a, good_draft), make_event(b, second_draft or OFF_TOPIC, timings_ms={"total": 900.0})])


def test_html_report_is_self_contained_with_svg_and_worst_case_first(make_run, make_case, make_event, good_draft):
    run_dir = _two_case_run(make_run, make_case, make_event, good_draft)
    md, page = write_report(run_dir)
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") >= 3  # metric bars, latency histogram, flag bars
    assert "<script" not in html and "<link" not in html and not re.search(r'(?:src|href)="https?:', html)
    rows = re.findall(r'<tr class="case" id="([^"]+)"', html)
    assert rows == ["EV-B", "EV-A"]  # EV-B (off-topic draft) is the worst
    assert OFF_TOPIC in html and "Курьер должен приезжать в выбранный интервал" in html  # draft next to the gold answer
    text = md.read_text(encoding="utf-8")
    assert text.index("| EV-B |") < text.index("| EV-A |") and "CI gate: FAILED" in text


def test_report_escapes_customer_text(make_run, make_case, make_event, good_draft):
    case = make_case("EV-X", gold_answer="<script>alert(1)</script>")
    run_dir = make_run("RX", [case], [make_event(case, "<img src=x onerror=alert(1)>")])
    html = render_html(load_run(run_dir))
    assert "<script>alert" not in html and "<img src=x" not in html and "&lt;img src=x" in html
    assert "EV-X" in render_markdown(load_run(run_dir))


def test_resolve_run_latest_and_missing(make_run, make_case, make_event, good_draft, tmp_path):
    _two_case_run(make_run, make_case, make_event, good_draft, "20260101T000000Z-aaaa")
    newest = _two_case_run(make_run, make_case, make_event, good_draft, "20260102T000000Z-bbbb")
    assert resolve_run("latest", tmp_path / "runs") == newest
    assert resolve_run(str(newest), "elsewhere") == newest
    try:
        resolve_run("nope", tmp_path / "runs")
    except FileNotFoundError as exc:
        assert "nope" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected FileNotFoundError")


def test_histogram_without_values():
    assert "no latencies" in svg_histogram([])


def _compare(tmp_path, a, b, threshold=0.05) -> int:
    return compare_cli(argparse.Namespace(run_a=a, run_b=b, runs_dir=str(tmp_path / "runs"), threshold=threshold))


def test_compare_identical_runs_exits_zero(make_run, make_case, make_event, good_draft, tmp_path, capsys):
    _two_case_run(make_run, make_case, make_event, good_draft, "A")
    _two_case_run(make_run, make_case, make_event, good_draft, "B")
    assert _compare(tmp_path, "A", "B") == 0
    assert "regressions: 0" in capsys.readouterr().out


def test_compare_regression_exits_nonzero_and_names_the_case(make_run, make_case, make_event, good_draft, tmp_path, capsys):
    _two_case_run(make_run, make_case, make_event, good_draft, "A")
    a, b = make_case("EV-A"), make_case("EV-B")
    make_run("B", [a, b], [make_event(a, OFF_TOPIC), make_event(b, OFF_TOPIC)])  # EV-A got worse
    assert _compare(tmp_path, "A", "B") == 1
    out = capsys.readouterr().out
    assert "regressions: 1" in out and "EV-A" in out.split("improvements:")[0] and "ask_coverage -1.00" in out
    assert _compare(tmp_path, "B", "A") == 0  # the other way round it is an improvement
    assert "improvements: 1" in capsys.readouterr().out


def test_compare_threshold_and_new_unbacked_promise(make_run, make_case, make_event, good_draft, tmp_path, capsys):
    _two_case_run(make_run, make_case, make_event, good_draft, "A")
    _two_case_run(make_run, make_case, make_event, good_draft, "B", second_draft=OFF_TOPIC + " Начислим вам 500 баллов.")
    assert _compare(tmp_path, "A", "B", threshold=5.0) == 1  # an unbacked promise is a regression at any threshold
    assert "unbacked_promises +1" in capsys.readouterr().out


def test_compare_missing_run_exits_2(tmp_path):
    assert _compare(tmp_path, "nope", "nada") == 2
