"""ttdn.ui.table.prepare / show_prepared: a table's formats and widths worked out once
(in a view cached per database snapshot and filters) and drawn as show_table draws it.
Freshness after a load (the home's sources table and the map's table come from views keyed
on the database signature) is checked in tests/test_home_fresh.py."""

import datetime as dt
import pickle

import pandas as pd
from streamlit.testing.v1 import AppTest

from ttdn.ui.table import EMPTY, MISSING_DATE, PHONE_TABLE_PX, _text_px, display, prepare


def test_text_px_counts_each_kind_of_character():
    # H, N: capitals 9; à, ộ, i, a: 6.5; two spaces 3.5; four digits 7.5; "—": 9
    assert _text_px("Hà Nội 2020") == 9 + 6.5 + 3.5 + 9 + 6.5 + 6.5 + 3.5 + 4 * 7.5
    assert _text_px("a—%") == 6.5 + 9 + 9
    assert _text_px("") == 0


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Số hiệu": ["12/KH-UBND", "7/KH-UBND"],
            "Ngày ban hành": [dt.date(2024, 3, 5), None],  # a gap: drawn "—" by a Styler
            "Số hoạt động": [1234, 5],
        }
    )


def test_prepared_matches_display_and_pickles():
    prepared = prepare(_frame(), "vi")
    data, config = display(_frame(), "vi")
    assert prepared.rows == 2
    assert set(prepared.formats) == {"Ngày ban hành"}  # the date column with a gap
    assert prepared.config.keys() == config.keys()
    again = pickle.loads(pickle.dumps(prepared))  # st.cache_data keeps it pickled
    styler = again.data.style.format(again.formats)
    shown = styler.to_html()
    assert "05/03/2024" in shown and EMPTY in shown
    assert list(data.data["Ngày ban hành"]) == list(again.data["Ngày ban hành"])


def test_prepared_width_against_a_phone():
    # one narrow column: header "a" 6.5 + 22 px; value "x" 6.5 + 18 px → 28.5 px wide
    narrow = prepare(pd.DataFrame({"a": ["x"]}), "vi")
    assert narrow.wide is False and narrow.row_height is None and narrow.formats == {}
    # three columns of 40 capitals: 40 × 9 + 18 = 378 px each, narrowed to fit 800 px
    wide = prepare(pd.DataFrame({c: ["W" * 40] for c in "abc"}), "vi")
    assert sum(entry["width"] for entry in wide.config.values()) <= 800
    assert wide.wide is True and 800 >= PHONE_TABLE_PX


def test_show_prepared_draws_what_show_table_draws(tmp_path):
    script = tmp_path / "page.py"
    script.write_text(
        "import datetime as dt\n"
        "import pandas as pd\n"
        "from ttdn.ui.table import prepare, show_prepared, show_table\n"
        "frame = pd.DataFrame({'Số hiệu': ['12/KH-UBND', '7/KH-UBND'],"
        " 'Ngày ban hành': [dt.date(2024, 3, 5), None], 'Số hoạt động': [1234, 5]})\n"
        "show_table(frame)\n"
        "prepared = prepare(frame, 'vi')\n"
        "show_prepared(prepared)\n"
        "show_prepared(prepared)\n"  # drawn twice: the shared Prepared is not changed
    )
    at = AppTest.from_file(str(script)).run()
    assert not at.exception
    first, second, third = (at.dataframe[i].proto for i in range(3))
    assert first.columns == second.columns == third.columns  # formats and widths
    assert first.placeholder == second.placeholder == EMPTY
    shown = first.arrow_data.styler.display_values  # the date gap drawn "—"
    assert shown and shown == second.arrow_data.styler.display_values
    assert shown == third.arrow_data.styler.display_values
    assert first.arrow_data.data == second.arrow_data.data == third.arrow_data.data
    assert list(at.dataframe[1].value["Ngày ban hành"]) == [dt.date(2024, 3, 5), MISSING_DATE]
