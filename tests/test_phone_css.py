"""The cards' CSS (ttdn/ui/phone.py): labels wrap and values are never cut with "…" at
every width, not only on a phone."""

from ttdn.ui import phone


def test_card_labels_and_values_wrap_at_every_width():
    everywhere = phone.CSS.split("@media")[0]  # the rules outside the phone media query
    for part in ("stMetricLabel", "stMetricValue"):
        rule = everywhere.split(f'[data-testid="{part}"] .stMarkdownEllipsis p')[1].split("}")[0]
        assert "white-space: normal" in rule
        assert "text-overflow: clip" in rule
        assert "overflow: visible" in rule
    assert "clamp(" in everywhere  # the value shrinks on a narrow card instead of "51.…"
