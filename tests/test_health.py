"""Churn risk: worked examples (pure, on hand-built snapshots), trend, mood, DSO."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from kamtui.config import Settings, parse_settings
from kamtui.domain.health import (
    ChurnParams,
    churn_risk,
    churn_score,
    customer_health,
    mood_moving_average,
    rounded_score,
)
from kamtui.domain.snapshot import Snapshot
from kamtui.domain.snapshot_rows import CustomerRow, HeldMeetingRow, InvoiceRow, MetricRow

TODAY = date(2026, 12, 4)


def snap(
    moods: list[int | None] = (),
    skipped: int = 0,
    sponsor: float | None = None,
    overdue_days: int | None = None,
    invoices: bool = False,
) -> Snapshot:
    """One customer (id 1): Done meetings with ``moods``, ``skipped`` skipped ones..."""
    s = Snapshot(TODAY, {1: CustomerRow(1, "Acme", "A", None, "Active", None, None,
                                        Decimal(100000), None, None, None)})  # fmt: skip
    rows = []
    for n, mood in enumerate(moods):
        when = datetime(2026, 12, 1, 10) - timedelta(days=3 * n)
        rows.append(HeldMeetingRow(n + 1, 1, when, "Done", mood))
    for n in range(skipped):
        when = datetime(2026, 11, 30, 15) - timedelta(days=3 * n)
        rows.append(HeldMeetingRow(100 + n, 1, when, "Skipped by Customer", None))
    s.meetings = {1: sorted(rows, key=lambda m: m.date_time)} if rows else {}
    if sponsor is not None:
        s.metrics = {1: [MetricRow(1, date(2026, 11, 1), None, sponsor)]}
    if overdue_days is not None or invoices:
        due = TODAY - timedelta(days=overdue_days or 0)
        s.invoices = [InvoiceRow(1, 1, "inv", due - timedelta(days=30), due, None, None,
                                 Decimal(500), None, Decimal(0) if overdue_days else Decimal(500),
                                 "Open", None, None)]  # fmt: skip
        s.first_invoice = {1: due - timedelta(days=30)}
    return s


def weights(mood: int, sponsor: int, skipped: int, receivables: int) -> Settings:
    return parse_settings(
        {
            "churn": {
                "weights": {
                    "mood": mood,
                    "sponsor_health": sponsor,
                    "skipped_meetings": skipped,
                    "overdue_receivables": receivables,
                }
            }
        }
    )


EQUAL = weights(25, 25, 25, 25)
SEED = weights(50, 50, 0, 0)


@pytest.mark.parametrize(
    ("case", "snapshot", "settings", "score", "left_out"),
    [
        # mood 3 -> 50 x30, sponsor 3 -> 50 x30, 0 of 2 skipped -> 0 x20, paid -> 0 x20
        ("balanced", snap([3, 3], sponsor=3, invoices=True), Settings(), 30, 0),
        # mood 1 -> 100, sponsor 1 -> 100, skipped 2 of 4 -> 50, 90 days late -> 100
        ("worst", snap([1, 1], 2, 1, overdue_days=90), Settings(), 90, 0),
        # mood 5, sponsor 5, nothing skipped, nothing overdue: no risk
        ("best", snap([5, 5, 5], sponsor=5, invoices=True), Settings(), 0, 0),
        # no metrics, no invoices: mood 2 -> 75 x30, 1 of 4 skipped -> 25 x20 -> 2750/50
        ("two factors", snap([2, 2, 2], 1), Settings(), 55, 2),
        # receivables alone: 45 of 90 days past due -> 50
        ("receivables only", snap(overdue_days=45), Settings(), 50, 3),
        # equal weights: (75 + 25 + 25 + 50) / 4 = 43.75
        ("equal weights", snap([2, 2, 2], 1, 4, overdue_days=45), EQUAL, 44, 0),
        # the seed's example: 50% mood + 50% sponsor health = (75 + 25) / 2
        ("seed weights", snap([2], 0, 4, overdue_days=45), SEED, 50, 0),
        # no data at all: no score
        ("no data", snap(), Settings(), None, 4),
    ],
)
def test_churn_risk_worked_examples(
    case: str, snapshot: Snapshot, settings: Settings, score: int | None, left_out: int
) -> None:
    risk = churn_risk(snapshot, 1, TODAY, settings)
    assert risk.score == score, case
    assert churn_score(snapshot, 1, TODAY, ChurnParams.of(settings)) == score, (
        case
    )  # the triage's fast path
    assert len(risk.missing) == left_out
    if risk.factors:
        assert sum(f.share for f in risk.factors) == pytest.approx(100)
        assert sum(f.contribution for f in risk.factors) == pytest.approx(risk.score, abs=0.5)


def test_explanation_names_each_factor_and_the_ones_left_out() -> None:
    risk = churn_risk(snap([2, 2, 2], 1), 1, TODAY, Settings())
    lines = risk.explanation()
    assert lines[0].startswith("Average meeting mood: 2.0/5 over 3 meetings -> risk 75/100 x 60%")
    assert "1 of 4 meetings" in lines[1]
    assert any("Sponsor health" in line and "weight shared" in line for line in lines)
    assert {f["factor"] for f in risk.to_dict()["factors"]} == {"mood", "skipped_meetings"}


def test_zero_weights_on_every_factor_with_data_give_no_score() -> None:
    only_meetings = parse_settings({"churn": {"weights": {"mood": 0, "skipped_meetings": 0}}})
    risk = churn_risk(snap([1, 1]), 1, TODAY, only_meetings)
    assert risk.score is None and "weight 0" in risk.missing[-1]


def test_sponsor_health_is_the_latest_reading_known_and_not_too_old() -> None:
    s = snap(sponsor=1)  # Nov 2026: 1/5 -> 100
    s.metrics[1].insert(0, MetricRow(1, date(2026, 10, 1), None, 5))
    s.metrics[1].append(MetricRow(1, date(2027, 1, 1), None, 5))  # not known yet
    assert churn_risk(s, 1, TODAY, Settings()).factors[0].value == "1/5 (Nov 2026)"
    assert churn_score(s, 1, TODAY, ChurnParams.of(Settings())) == 100
    # On Oct 20 the latest known reading was October's 5/5.
    assert churn_score(s, 1, date(2026, 10, 20), ChurnParams.of(Settings())) == 0
    # Half a year later, November's reading is too old to count: no factor at all.
    later = TODAY + timedelta(days=183)
    assert churn_score(s, 1, later, ChurnParams.of(Settings())) is None
    assert "Sponsor health" in churn_risk(s, 1, later, Settings()).missing[1]


def test_zero_weights_give_no_score_on_the_fast_path_too() -> None:
    only_meetings = parse_settings({"churn": {"weights": {"mood": 0, "skipped_meetings": 0}}})
    assert churn_score(snap([1, 1]), 1, TODAY, ChurnParams.of(only_meetings)) is None


def test_trend_uses_only_what_was_known_then() -> None:
    s = snap([1, 1])  # two bad meetings in the last few days
    s.meetings[1].insert(0, HeldMeetingRow(9, 1, datetime(2026, 10, 1, 10), "Done", 5))
    health = customer_health(s, 1, TODAY, Settings())
    assert health.earlier[30] == 0  # on Nov 4 only the mood-5 meeting had happened
    # Now: mood (1+1+5)/3 -> 66.7 x 30 + none of 3 skipped 0 x 20 -> 2000 / 50 = 40.
    assert health.score == 40
    assert health.change(30) == 40
    assert health.earlier[90] is None  # nothing known on Sep 5


def test_paid_invoice_was_overdue_before_it_was_paid() -> None:
    s = snap(overdue_days=60)
    s.invoices = [s.invoices[0]._replace(amount_collected=Decimal(500), paid_date=TODAY)]
    assert churn_risk(s, 1, TODAY, Settings()).score == 0
    assert churn_risk(s, 1, TODAY - timedelta(days=30), Settings()).score == 33  # 30/90 days


def test_mood_moving_average_over_five_meetings() -> None:
    assert mood_moving_average([5, 4, 3, 2, 1, 1]) == [
        Decimal("5.0"), Decimal("4.5"), Decimal("4.0"), Decimal("3.5"), Decimal("3.0"),
        Decimal("2.2"),
    ]  # fmt: skip


def test_customer_health_dso_and_arr_at_risk() -> None:
    health = customer_health(snap([1, 1], 2, 1, overdue_days=90), 1, TODAY, Settings())
    assert health.arr_at_risk == Decimal("90000.00")  # 100,000 ARR x 90 %
    assert health.dso == Decimal("120.0")  # issued 120 days ago, unpaid
    assert health.mood_average is None  # the snapshot's recent meetings were not set


@pytest.mark.parametrize(
    "points",
    [0.0, 0.5, 1.5, 43.75, 44.5, 99.5, 100.0, 0.49999999999999994, 2.4999999999999996,
     62.49999999999999, 62.50000000000001, 1 / 3 * 100, 2 / 3 * 100],
)  # fmt: skip
def test_scores_round_half_up_like_decimal(points: float) -> None:
    assert rounded_score(points) == int(Decimal(points).quantize(0, ROUND_HALF_UP))


def test_scores_round_like_decimal_over_many_sums() -> None:
    rng = random.Random(4)
    for _ in range(20_000):
        points = sum(rng.uniform(0, 100) * w for w in (0.3, 0.3, 0.2, 0.2))
        points = round(points * 4) / 4 if rng.random() < 0.3 else points  # many exact halves
        assert rounded_score(points) == int(Decimal(points).quantize(0, ROUND_HALF_UP))
