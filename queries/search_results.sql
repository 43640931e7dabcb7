-- title_vi: Tra cứu toàn văn: hoạt động, nhiệm vụ và kinh phí
-- title_en: Full-text search: activities, duties and budget notes
-- description_vi: Tìm trong tên và nội dung hoạt động, nhiệm vụ phân công và ghi chú kinh phí của mọi kế hoạch, không phân biệt hoa thường và dấu (đ = d). Tham số do ttdn.search tạo từ ô tìm kiếm: needles là các từ đã bỏ dấu (lọc nhanh), patterns là biểu thức chính quy cho từng từ hoặc cụm từ (tất cả phải khớp), phrase (cả câu tìm liền nhau), pairs (từng cặp từ liền nhau), exact và exact_words (đúng dấu như đã gõ) dùng để xếp hạng.
-- description_en: Searches activity titles and texts, assigned duties and budget notes of every plan, ignoring case and diacritics (đ = d). ttdn.search builds the parameters from the search box: needles are the folded words (a fast pre-filter), patterns one regular expression per word or phrase (all must match), phrase (the whole query side by side), pairs (each two neighbouring words side by side), exact and exact_words (accents as typed) rank the results.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: kinds text[] ["activity", "duty", "budget"]
-- param: plan_ids text[] []
-- param: needles text[] ["quang", "ba"]
-- param: patterns text[] ["(^|[^a-z0-9])quang([^a-z0-9]|$)", "(^|[^a-z0-9])ba([^a-z0-9]|$)"]
-- param: phrase text "(^|[^a-z0-9])quang[^a-z0-9]+ba([^a-z0-9]|$)"
-- param: pairs text[] ["(^|[^a-z0-9])quang[^a-z0-9]+ba([^a-z0-9]|$)"]
-- param: exact text ""
-- param: exact_words text[] []
-- param: top_n int 200
-- Up to 8 needles and 8 patterns are used ($needles[1] .. [8]); an unused one is NULL and
-- the condition on it folds away (a parameter list in a lambda would cost a list per row).
-- The folded title is the start of search_text (search_text = fold(title + ' ' + text)).
WITH chosen_plans AS (
    SELECT plan_id, year FROM f_plans($years, $provinces, $province_mode, $levels)
),
items AS (
    SELECT
        'activity' AS kind, 0 AS kind_order, a.plan_id, a.activity_id AS item_id, a.seq,
        a.year, a.search_text, a.title, a.description AS body, a.section, a.timeframe,
        NULL AS role, a.budget_vnd AS amount_vnd, a.source_file, a.source_sheet, a.source_row
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    WHERE list_contains($kinds, 'activity')
    UNION ALL
    SELECT
        'duty', 1, s.plan_id, CAST(s.seq AS VARCHAR), s.seq, fp.year, s.search_text,
        s.unit, s.duty, NULL, NULL, s.role, NULL, s.source_file, s.source_sheet, s.source_row
    FROM assignments s
    JOIN chosen_plans fp USING (plan_id)
    WHERE list_contains($kinds, 'duty')
      AND len(coalesce($themes, [])) = 0
      AND (len(coalesce($units, [])) = 0 OR list_contains($units, s.unit_canonical))
    UNION ALL
    SELECT
        'budget', 2, b.plan_id, CAST(b.seq AS VARCHAR), b.seq, fp.year, b.search_text,
        b.source, b.note, NULL, NULL, NULL, b.amount_vnd, b.source_file, b.source_sheet,
        b.source_row
    FROM budgets b
    JOIN chosen_plans fp USING (plan_id)
    WHERE list_contains($kinds, 'budget')
      AND len(coalesce($themes, [])) = 0
      AND len(coalesce($units, [])) = 0
),
matched AS (
    SELECT i.*, left(i.search_text, length(i.title)) AS title_folded,
           CASE WHEN coalesce($exact, '') <> ''
                THEN lower(i.title || ' ' || coalesce(i.body, '')) END AS exact_text
    FROM items i
    WHERE len(coalesce($needles, [])) > 0
      AND (len(coalesce($plan_ids, [])) = 0 OR list_contains($plan_ids, i.plan_id))
      AND (coalesce($needles[1], '') = '' OR contains(i.search_text, $needles[1]))
      AND (coalesce($needles[2], '') = '' OR contains(i.search_text, $needles[2]))
      AND (coalesce($needles[3], '') = '' OR contains(i.search_text, $needles[3]))
      AND (coalesce($needles[4], '') = '' OR contains(i.search_text, $needles[4]))
      AND (coalesce($needles[5], '') = '' OR contains(i.search_text, $needles[5]))
      AND (coalesce($needles[6], '') = '' OR contains(i.search_text, $needles[6]))
      AND (coalesce($needles[7], '') = '' OR contains(i.search_text, $needles[7]))
      AND (coalesce($needles[8], '') = '' OR contains(i.search_text, $needles[8]))
      AND (coalesce($patterns[1], '') = '' OR regexp_matches(i.search_text, $patterns[1]))
      AND (coalesce($patterns[2], '') = '' OR regexp_matches(i.search_text, $patterns[2]))
      AND (coalesce($patterns[3], '') = '' OR regexp_matches(i.search_text, $patterns[3]))
      AND (coalesce($patterns[4], '') = '' OR regexp_matches(i.search_text, $patterns[4]))
      AND (coalesce($patterns[5], '') = '' OR regexp_matches(i.search_text, $patterns[5]))
      AND (coalesce($patterns[6], '') = '' OR regexp_matches(i.search_text, $patterns[6]))
      AND (coalesce($patterns[7], '') = '' OR regexp_matches(i.search_text, $patterns[7]))
      AND (coalesce($patterns[8], '') = '' OR regexp_matches(i.search_text, $patterns[8]))
),
scored AS (
    SELECT
        m.* EXCLUDE (search_text, title_folded, exact_text),
        CASE
            WHEN coalesce($phrase, '') = '' THEN 0
            WHEN regexp_matches(m.title_folded, $phrase) THEN 8
            WHEN regexp_matches(m.search_text, $phrase) THEN 4
            ELSE 0
        END
        + (coalesce($pairs[1], '') <> '' AND regexp_matches(m.search_text, $pairs[1]))::INT
        + (coalesce($pairs[2], '') <> '' AND regexp_matches(m.search_text, $pairs[2]))::INT
        + (coalesce($pairs[3], '') <> '' AND regexp_matches(m.search_text, $pairs[3]))::INT
        + (coalesce($pairs[4], '') <> '' AND regexp_matches(m.search_text, $pairs[4]))::INT
        + (coalesce($pairs[5], '') <> '' AND regexp_matches(m.search_text, $pairs[5]))::INT
        + (coalesce($pairs[6], '') <> '' AND regexp_matches(m.search_text, $pairs[6]))::INT
        + (coalesce($pairs[7], '') <> '' AND regexp_matches(m.search_text, $pairs[7]))::INT
        + (coalesce($exact_words[1], '') <> '' AND regexp_matches(m.exact_text, $exact_words[1]))::INT
        + (coalesce($exact_words[2], '') <> '' AND regexp_matches(m.exact_text, $exact_words[2]))::INT
        + (coalesce($exact_words[3], '') <> '' AND regexp_matches(m.exact_text, $exact_words[3]))::INT
        + (coalesce($exact_words[4], '') <> '' AND regexp_matches(m.exact_text, $exact_words[4]))::INT
        + (coalesce($exact_words[5], '') <> '' AND regexp_matches(m.exact_text, $exact_words[5]))::INT
        + (coalesce($exact_words[6], '') <> '' AND regexp_matches(m.exact_text, $exact_words[6]))::INT
        + (coalesce($exact_words[7], '') <> '' AND regexp_matches(m.exact_text, $exact_words[7]))::INT
        + (coalesce($exact_words[8], '') <> '' AND regexp_matches(m.exact_text, $exact_words[8]))::INT
        + CASE
            WHEN (coalesce($needles[1], '') = '' OR contains(m.title_folded, $needles[1]))
             AND (coalesce($needles[2], '') = '' OR contains(m.title_folded, $needles[2]))
             AND (coalesce($needles[3], '') = '' OR contains(m.title_folded, $needles[3]))
             AND (coalesce($needles[4], '') = '' OR contains(m.title_folded, $needles[4]))
             AND (coalesce($needles[5], '') = '' OR contains(m.title_folded, $needles[5]))
             AND (coalesce($needles[6], '') = '' OR contains(m.title_folded, $needles[6]))
             AND (coalesce($needles[7], '') = '' OR contains(m.title_folded, $needles[7]))
             AND (coalesce($needles[8], '') = '' OR contains(m.title_folded, $needles[8]))
            THEN 2
            ELSE 0
        END
        + CASE
            WHEN coalesce($exact, '') = '' THEN 0
            WHEN contains(lower(m.title), $exact) THEN 2
            ELSE 0
        END AS score
    FROM matched m
),
totals AS (
    SELECT
        count(*) AS total,
        count(*) FILTER (WHERE kind = 'activity') AS total_activity,
        count(*) FILTER (WHERE kind = 'duty') AS total_duty,
        count(*) FILTER (WHERE kind = 'budget') AS total_budget
    FROM scored
),
top AS (
    SELECT * FROM scored
    ORDER BY score DESC, kind_order, year DESC, plan_id, seq, title
    LIMIT $top_n
)
SELECT
    t.* EXCLUDE (kind_order),
    p.number AS plan_number, p.title AS plan_title, p.issuer, p.issuer_level,
    p.issued_date, coalesce(p.province_canonical, p.province) AS province, p.source AS plan_source,
    totals.total, totals.total_activity, totals.total_duty, totals.total_budget
FROM top t
CROSS JOIN totals
JOIN plans p ON p.plan_id = t.plan_id
ORDER BY t.score DESC, t.kind_order, t.year DESC, t.plan_id, t.seq, t.title
