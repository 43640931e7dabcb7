"""Vietnamese full-text search: parsing the box, highlighting the original text, and
the search query on the fixture data (checked against an independent matcher
written here from the fixture lists) and on a small set made for ranking."""

from __future__ import annotations

import re
import unicodedata

import duckdb
import pytest

from tests.fixtures import ACTIVITIES, ASSIGNMENTS, BUDGETS, PLANS, write_xlsx
from ttdn import queries
from ttdn.search import MAX_TERMS, excerpt, highlight, parse, query_params, spans
from ttdn.text import fold_words

# parsing ------------------------------------------------------------------------


def test_words_are_folded():
    q = parse("  Quảng   BÁ hình ảnh  ")
    assert [t.words for t in q.terms] == [("quang",), ("ba",), ("hinh",), ("anh",)]
    assert all(t.kind == "word" for t in q.terms)
    assert q.exact == "quảng bá hình ảnh"
    assert parse("dak lak").exact == ""  # no diacritics typed: no accent bonus


def test_d_is_folded_and_eth_is_d():
    assert [t.words for t in parse("Đắk Lắk").terms] == [("dak",), ("lak",)]
    assert [t.words for t in parse("\u00d0\u1eafk").terms] == [("dak",)]  # Icelandic eth


def test_phrases_prefixes_and_punctuation():
    q = parse('"hình ảnh, quốc gia" tuyen* 92/KH-UBND “báo chí”')
    kinds = [(t.words, t.kind) for t in q.terms]
    assert kinds == [
        (("hinh", "anh", "quoc", "gia"), "phrase"),
        (("tuyen",), "prefix"),
        (("92",), "word"),
        (("kh",), "word"),
        (("ubnd",), "word"),
        (("bao", "chi"), "phrase"),
    ]
    assert parse('"một"').terms[0].kind == "word"  # a one-word phrase is a word


@pytest.mark.parametrize("box", ["", "   ", '""', "***", "!!! ??? ...", "“ ”"])
def test_nothing_to_search(box):
    assert parse(box).empty
    assert parse(box).params()["needles"] == []


def test_unterminated_quote_is_just_words():
    assert [(t.words, t.kind) for t in parse('quang "ba hinh').terms] == [
        (("quang",), "word"), (("ba",), "word"), (("hinh",), "word")]  # fmt: skip


def test_at_most_max_terms():
    q = parse(" ".join(f"w{i}" for i in range(MAX_TERMS + 3)))
    assert len(q.terms) == MAX_TERMS and q.dropped == 3
    assert len(q.patterns()) == MAX_TERMS


@pytest.mark.parametrize(
    "box", [".*(a|b)+$", "'; DROP TABLE plans; --", r"\b\w+\\", "a{1000}", "[[:alpha:]]", "$1 ?"]
)
def test_user_text_never_reaches_the_patterns_raw(box):
    """Patterns are built only from a-z/0-9 words and fixed syntax."""
    q = parse(box)
    for term in q.terms:
        assert all(re.fullmatch(r"[a-z0-9]+", w) for w in term.words)
    fixed = re.compile(
        r"^\(\^\|\[\^a-z0-9\]\)[a-z0-9]+(\[\^a-z0-9\]\+[a-z0-9]+)*(\(\[\^a-z0-9\]\|\$\))?$"
    )
    for pattern in q.patterns():
        assert fixed.match(pattern), pattern


# highlighting -------------------------------------------------------------------


def test_highlight_in_the_original_text():
    text = "Quảng bá hình ảnh tỉnh ĐẮK LẮK; ban, bao, bà"
    out = highlight(text, parse("quang ba dak lak"))
    # "quang ba" side by side is "Quảng bá", so "bà" is not what was meant (see
    # test_highlight_follows_the_ranking); "ba" alone finds every spelling, whole words only
    assert out == ("<mark>Quảng</mark> <mark>bá</mark> hình ảnh tỉnh <mark>ĐẮK</mark> "
                   "<mark>LẮK</mark>; ban, bao, bà")  # fmt: skip
    assert highlight(text, parse("ba")) == (
        "Quảng <mark>bá</mark> hình ảnh tỉnh ĐẮK LẮK; ban, bao, <mark>bà</mark>")  # fmt: skip


def test_phrase_highlight_spans_punctuation():
    out = highlight("Về hình ảnh, quảng bá địa phương", parse('"anh quang"'))
    assert out == "Về hình <mark>ảnh, quảng</mark> bá địa phương"


def test_prefix_highlights_the_whole_word():
    assert highlight("Tuyên truyền, tuyến đường", parse("tuyen*")) == (
        "<mark>Tuyên</mark> truyền, <mark>tuyến</mark> đường")  # fmt: skip


def test_highlight_escapes_html():
    out = highlight('<script>alert("Đắk")</script> & Đắk', parse("dak"))
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert out.count("<mark>Đắk</mark>") == 2


def test_decomposed_text_keeps_its_marks_inside_the_highlight():
    text = unicodedata.normalize("NFD", "Tỉnh Đắk Lắk")
    [(start, end), _] = spans(text, parse("dak lak"))
    assert unicodedata.normalize("NFC", text[start:end]) == "Đắk"
    assert unicodedata.category(text[end]) != "Mn"


def test_excerpt_cuts_around_the_first_match():
    text = "Mở đầu. " * 60 + "Quảng bá hình ảnh Đắk Lắk. " + "Kết thúc. " * 60
    out = excerpt(text, parse("dak lak"), width=200)
    assert out.startswith("… ") and out.endswith(" …")
    assert "<mark>Đắk</mark> <mark>Lắk</mark>" in out
    assert len(re.sub(r"</?mark>", "", out)) < 260


# which spellings are highlighted: đ→d folding makes "đảo" (island) and "đạo" (lãnh đạo)
# one word, so the highlight follows the ranking (typed diacritics, words side by side).
# Sentences from real plans (the seed documents, quoted as written).
HN_2021 = ("Nâng cao hiệu quả công tác tuyên truyền thông tin đối ngoại về chủ trương, đường "
           "lối, quan điểm của Đảng và Nhà nước xây dựng biên giới hòa bình, hữu nghị, hợp tác "
           "và phát triển giữa Việt Nam với các quốc gia có chung đường biên giới. Đấu tranh "
           "phản bác thông tin xuyên tạc của các thế lực thù địch, đặc biệt về các vấn đề biển "
           "đảo, biên giới, lãnh thổ, dân chủ, nhân quyền, tôn giáo.")  # fmt: skip
HT_2020 = ("4.4. Đẩy mạnh tuyên truyền về biên giới lãnh thổ, biển, đảo; tăng cường công tác "
           "thông tin đối ngoại với Lào và Campuchia trong tình hình mới")  # fmt: skip
TN_BORDER = ("Tham mưu cho Tỉnh ủy, Uỷ ban nhân dân tỉnh lãnh đạo, chỉ đạo làm tốt công tác đối "
             "ngoại theo chức năng, nhiệm vụ của ngành, địa phương. Tổ chức tuyên truyền trong "
             "chính giới và nhân dân Campuchia ở biên giới đối diện về quan điểm, đường lối đối "
             "ngoại của Đảng, Nhà nước ta; tăng cường tình đoàn kết hữu nghị hai bên biên giới, "
             "quảng bá hình ảnh, đất nước, con người Việt Nam góp phần xây dựng biên giới hòa "
             "bình, hữu nghị, hợp tác và phát triển.")  # fmt: skip


def _marked(text, box, within=None):
    return re.findall(r"<mark>(.*?)</mark>", highlight(text, parse(box), within=within))


@pytest.mark.parametrize(
    ("text", "box", "marks"),
    [
        # "biển đảo" side by side: "biên" (biên giới) and "Đảng" are not what was meant
        (HN_2021, "tuyen truyen bien dao", ["tuyên", "truyền", "biển", "đảo"]),
        (HT_2020, "tuyen truyen bien dao", ["tuyên", "truyền", "biển", "đảo"]),
        (HN_2021, "bien dao", ["biển", "đảo"]),
        # and the other way round: "bien gioi" side by side is "biên giới", never "biển"
        (HN_2021, "bien gioi", ["biên", "giới", "biên", "giới", "biên", "giới"]),
        # typed diacritics: only those spellings
        (HN_2021, "biển đảo", ["biển", "đảo"]),
        (HT_2020, "tuyên truyền biển đảo", ["tuyên", "truyền", "biển", "đảo"]),
        # one word typed with diacritics, its neighbour without: "dao" next to "biển"
        (HT_2020, "biển dao", ["biển", "đảo"]),
        # no better match in the text: every folded match is why it was found
        (TN_BORDER, "tuyen truyen bien dao",
         ["đạo", "đạo", "tuyên", "truyền", "biên", "biên", "biên"]),
        (TN_BORDER, "biển đảo", ["đạo", "đạo", "biên", "biên", "biên"]),
        # "chi dao" side by side is "chỉ đạo": the same spelling in "lãnh đạo" counts too
        (TN_BORDER, "chi dao", ["đạo", "chỉ", "đạo"]),
        # one word alone has no neighbour: all its spellings
        (HT_2020, "bien", ["biên", "biển"]),
        (HN_2021, "dao", ["đảo"]),
        # a quoted phrase is one highlight, punctuation inside
        (HT_2020, '"bien dao"', ["biển, đảo"]),
        # a prefix matches every spelling
        (HT_2020, "bi*", ["biên", "biển"]),
        # the same rule for any pair: "đối ngoại" side by side, so "đối diện" shares "đối"
        (HT_2020, "thong tin doi ngoai", ["thông", "tin", "đối", "ngoại"]),
    ],
)  # fmt: skip
def test_highlight_follows_the_ranking(text, box, marks):
    assert _marked(text, box) == marks


def test_highlight_decides_over_the_whole_item():
    # a result's title and text together: "đảo" in the text, so not "đạo" in the title
    title, body = "Chỉ đạo tuyên truyền", "Tuyên truyền về đảo ngọc và biển."
    box = "tuyên truyền biển đảo"
    assert _marked(title, box, within=(title, body)) == ["tuyên", "truyền"]
    assert _marked(body, box, within=(title, body)) == ["Tuyên", "truyền", "đảo", "biển"]
    assert _marked(title, box) == ["đạo", "tuyên", "truyền"]  # the title alone has no "đảo"
    # side by side in the title: "Biển" there, so the text's "biên" is not highlighted
    title, body = "Tuyên truyền biển, đảo", "Phối hợp với Bộ đội Biên phòng về biên giới"
    assert _marked(body, "tuyen truyen bien dao", within=(title, body)) == []
    assert excerpt(body, parse("tuyen truyen bien dao"), within=(title, body)) == body


# the query on the fixture data ----------------------------------------------------


def _items():
    """Every searchable item of the fixtures, as (kind, plan_id, title, body)."""
    out = [("activity", a["plan_id"], a["title"], a["description"]) for a in ACTIVITIES]
    out += [("duty", s["plan_id"], s["unit"], s["duty"]) for s in ASSIGNMENTS]
    out += [("budget", b["plan_id"], b["source"], b["note"]) for b in BUDGETS]
    return out


def _reference_match(box: str, text: str) -> bool:
    """An independent reading of the rules: whole words of fold_words(text)."""
    words = fold_words(text).split()
    joined = " " + " ".join(words) + " "
    phrases = re.findall(r'"([^"]*)"', box)
    rest = re.sub(r'"[^"]*"', " ", box)
    for phrase in phrases:
        if (" " + fold_words(phrase) + " ") not in joined:
            return False
    for token in rest.split():
        for word in fold_words(token.rstrip("*")).split():
            if token.endswith("*"):
                if not any(w.startswith(word) for w in words):
                    return False
            elif word not in words:
                return False
    return True


def _search(con, box, **filters):
    kinds = filters.pop("kinds", ("activity", "duty", "budget"))
    plan_ids = filters.pop("plan_ids", ())
    params = query_params(parse(box), filters, kinds, 500, plan_ids)
    return queries.run(con, "search_results", params)


@pytest.fixture(scope="module")
def con(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as connection:
        queries.prepare(connection)
        yield connection


BOXES = ["quang ba hinh anh", "thu do", "bien dong", "thong tin", "bao chi nuoc ngoai",
         "xa hoi hoa", '"thong tin doi ngoai"', "tap huan", "so tt&tt", "tuyen*", "2021",
         "Sở Ngoại vụ", "TẬP HUẤN nghiệp vụ", '"cung cap thong tin"', "kinh phi", "xyz"]  # fmt: skip


@pytest.mark.parametrize("box", BOXES)
def test_finds_exactly_what_the_rules_say(con, box):
    found = _search(con, box)
    got = sorted(zip(found["kind"], found["plan_id"], found["title"], found["body"], strict=True))
    expected = sorted(
        (kind, plan, title, body)
        for kind, plan, title, body in _items()
        if _reference_match(box, f"{title} {body or ''}")
    )
    assert got == expected
    if expected:
        assert found["total"].iloc[0] == len(expected)
        assert found["total_activity"].iloc[0] == sum(e[0] == "activity" for e in expected)


def test_diacritic_free_and_d_folded_queries(con):
    titles = set(_search(con, "quang ba hinh anh")["title"])
    assert "Quảng bá hình ảnh Thủ đô trên mạng xã hội" in titles
    assert set(_search(con, "bien dong")["title"]) == {
        "Cung cấp thông tin chính thống về Biển Đông cho báo chí"
    }
    assert "Quảng bá hình ảnh Thủ đô trên mạng xã hội" in set(_search(con, "thu do")["title"])


def test_whole_words_only(con):
    # "tin" is a word of "thông tin", never the start of "tỉnh" (tinh)
    found = _search(con, "tinh")
    assert all("tỉnh" in f"{t} {b}".lower() or "tính" in f"{t} {b}".lower()
               for t, b in zip(found["title"], found["body"], strict=True))  # fmt: skip
    assert not _search(con, "tin").empty
    assert all(" tin" in fold_words(f"{t} {b}") for t, b in
               zip(_search(con, "tin")["title"], _search(con, "tin")["body"], strict=True))  # fmt: skip


def test_shared_filters_apply(con):
    years = {p["plan_id"]: p["year"] for p in PLANS}
    found = _search(con, "thong tin", years=[2021])
    assert not found.empty and {years[p] for p in found["plan_id"]} == {2021}
    found = _search(con, "thong tin", levels=["trung ương"])
    assert set(found["plan_id"]) == {
        p["plan_id"] for p in PLANS if p["issuer_level"] == "trung ương"
    }


def test_theme_filter_keeps_activities_of_that_theme(con):
    found = _search(con, "thong tin", themes=["tap_huan"])
    assert set(found["kind"]) == {"activity"}
    themed = {
        (p, a)
        for p, a in con.execute(
            "SELECT plan_id, activity_id FROM activity_themes WHERE theme_code = 'tap_huan'"
        ).fetchall()
    }
    assert {(p, i) for p, i in zip(found["plan_id"], found["item_id"], strict=True)} <= themed


def test_unit_filter_keeps_that_units_duties(con):
    found = _search(con, "bao chi", kinds=("duty", "budget"), units=["Sở Ngoại vụ"])
    assert list(found["kind"]) == ["duty"] and list(found["title"]) == ["Sở Ngoại vụ"]


def test_kinds_and_one_plan(con):
    assert set(_search(con, "thong tin", kinds=("duty",))["kind"]) == {"duty"}
    found = _search(con, "thong tin", plan_ids=["HN-2021-92"])
    assert set(found["plan_id"]) == {"HN-2021-92"}
    assert _search(con, "thong tin", kinds=()).empty


def test_results_carry_their_plan_and_source(con):
    row = _search(con, "quang ba hinh anh").iloc[0]
    plan = next(p for p in PLANS if p["plan_id"] == row["plan_id"])
    assert row["plan_number"] == plan["number"] and row["issuer"] == plan["issuer"]
    assert row["year"] == plan["year"]
    assert row["source_file"].endswith(".xlsx") and row["source_row"] >= 2


def test_limit_and_totals(con):
    params = query_params(parse("thong tin"), None, ("activity", "duty", "budget"), 2)
    found = queries.run(con, "search_results", params)
    assert len(found) == 2
    assert found["total"].iloc[0] == len(_search(con, "thong tin"))


# ranking ------------------------------------------------------------------------------

_PLAN = {"number": "", "issuer_level": "tỉnh", "period_end": "", "issued_date": "", "signer": "",
         "legal_bases": "", "source": "ranking"}  # fmt: skip
RANK_PLANS = [
    {**_PLAN, "plan_id": "NEW-2024", "title": "Kế hoạch 2024", "issuer": "UBND tỉnh Đắk Lắk",
     "province": "Đắk Lắk", "year": 2024},
    {**_PLAN, "plan_id": "OLD-2020", "title": "Kế hoạch 2020", "issuer": "UBND tỉnh Hà Tĩnh",
     "province": "Hà Tĩnh", "year": 2020},
]  # fmt: skip
RANK_ACTIVITIES = [
    # (plan, id, title, description)
    ("OLD-2020", "1", "Quảng bá hình ảnh địa phương", "Quảng bá hình ảnh địa phương."),
    ("NEW-2024", "1", "Hình ảnh đẹp và quảng bá du lịch", "Chụp hình ảnh đẹp để quảng bá."),
    ("NEW-2024", "2", "Tổ chức sự kiện văn hóa", "Nhằm quảng bá hình ảnh tỉnh ra thế giới."),
    ("NEW-2024", "3", "Quang Ba hinh anh", "Viết không dấu."),
    ("NEW-2024", "4", "Bản tin, báo chí", "Ban biên tập; bao gồm bài báo."),
    ("NEW-2024", "5", "Giới thiệu tỉnh Ðắk Nông", "Chữ Ð viết bằng ký tự eth."),
    # "đảo" (island) and "đạo" (lãnh đạo, chỉ đạo) both fold to "dao"
    (
        "NEW-2024",
        "6",
        "Tuyên truyền về lãnh đạo",
        "Đề cao vai trò lãnh đạo, chỉ đạo; tuyên truyền về biển và biên giới.",
    ),
    ("NEW-2024", "7", "Tuyên truyền biển, đảo", "Tuyên truyền về chủ quyền biển, đảo quê hương."),
    ("OLD-2020", "2", "Chỉ đạo tuyên truyền", "Tuyên truyền về đảo ngọc và biển."),
]


@pytest.fixture(scope="module")
def ranking_con(tmp_path_factory):
    from ttdn.ingest.loader import load_files

    work = tmp_path_factory.mktemp("ranking")
    activities = [
        {"plan_id": p, "activity_id": i, "section": "II", "title": t, "description": d,
         "themes": "", "lead_units": "Sở Ngoại vụ", "cooperating_units": "", "timeframe": "",
         "start_date": "", "end_date": "", "budget_source": "", "budget_vnd": "", "status": ""}
        for p, i, t, d in RANK_ACTIVITIES
    ]  # fmt: skip
    book = write_xlsx(work / "ranking.xlsx", {"plans": RANK_PLANS, "activities": activities})
    load_files([book], work / "ranking.duckdb")
    with duckdb.connect(str(work / "ranking.duckdb"), read_only=True) as connection:
        queries.prepare(connection)
        yield connection


def _titles(con, box):
    return list(_search(con, box)["title"])


def test_exact_phrase_and_title_matches_rank_first(ranking_con):
    assert _titles(ranking_con, "quảng bá hình ảnh") == [
        "Quảng bá hình ảnh địa phương",  # phrase in the title, exact diacritics
        "Quang Ba hinh anh",  # phrase in the title
        "Tổ chức sự kiện văn hóa",  # phrase in the text
        "Hình ảnh đẹp và quảng bá du lịch",  # every word, not as a phrase
    ]


def test_ties_put_newer_plans_first(ranking_con):
    assert _titles(ranking_con, "quang ba hinh anh")[:2] == [
        "Quang Ba hinh anh",  # 2024
        "Quảng bá hình ảnh địa phương",  # 2020
    ]


def test_quoted_phrase_needs_adjacent_words(ranking_con):
    assert set(_titles(ranking_con, '"quang ba hinh anh"')) == {
        "Quảng bá hình ảnh địa phương", "Quang Ba hinh anh", "Tổ chức sự kiện văn hóa"}  # fmt: skip


def test_short_word_is_not_a_prefix(ranking_con):
    assert "Bản tin, báo chí" not in _titles(ranking_con, "ba")
    assert "Bản tin, báo chí" in _titles(ranking_con, "ba*")


def test_eth_is_found_as_d(ranking_con):
    # the loader stores the look-alike Ð as Đ; the search finds it as d
    assert _titles(ranking_con, "dak nong") == ["Giới thiệu tỉnh Đắk Nông"]
    assert highlight("tỉnh \u00d0ắk Nông", parse("dak")) == "tỉnh <mark>\u00d0ắk</mark> Nông"


def test_adjacent_words_rank_above_scattered_ones(ranking_con):
    # all three hold every word of "tuyen truyen bien dao"; only one says "biển, đảo"
    titles = _titles(ranking_con, "tuyen truyen bien dao")
    assert titles[0] == "Tuyên truyền biển, đảo"
    assert set(titles[1:]) == {"Tuyên truyền về lãnh đạo", "Chỉ đạo tuyên truyền"}


def test_typed_diacritics_are_preferred(ranking_con):
    # "đảo" typed: the text with "đảo" ranks above the newer one that only has "đạo"
    assert _titles(ranking_con, "tuyên truyền biển đảo") == [
        "Tuyên truyền biển, đảo",
        "Chỉ đạo tuyên truyền",
        "Tuyên truyền về lãnh đạo",
    ]


def test_ranking_patterns_are_built_from_folded_words_only():
    query = parse("tuyên truyền biển, đảo")
    assert query.pairs() == [
        "(^|[^a-z0-9])tuyen[^a-z0-9]+truyen([^a-z0-9]|$)",
        "(^|[^a-z0-9])truyen[^a-z0-9]+bien([^a-z0-9]|$)",
        "(^|[^a-z0-9])bien[^a-z0-9]+dao([^a-z0-9]|$)",
    ]
    assert [w.split(")")[1].split("(")[0] for w in query.exact_words()] == [
        "tuyên", "truyền", "biển", "đảo"]  # fmt: skip
    assert parse("tuyen truyen").exact_words() == []
