"""Fixed colours: a theme has the same colour on every chart and in both languages."""

from __future__ import annotations

from functools import lru_cache

import plotly.express as px

from ttdn.reference import load_reference

THEME_PALETTE = px.colors.qualitative.Dark24


@lru_cache(maxsize=1)
def theme_colors() -> dict[str, str]:
    """theme_code, name_vi and name_en → colour, in data/reference/themes.csv order."""
    themes = load_reference().themes
    colors: dict[str, str] = {}
    for i, row in enumerate(themes.itertuples()):
        color = THEME_PALETTE[i % len(THEME_PALETTE)]
        colors[row.theme_code] = colors[row.name_vi] = colors[row.name_en] = color
    return colors
