-- title_vi: Nhóm nội dung (từ khóa, chủ đề)
-- title_en: Content group (keywords, theme)
-- description_en: Built-in for rule_kind keywords ($words: the folded words). Value 2: a section heading or an activity title has one of the words, a section's themes cell names the theme, or the plan tagged an activity with the theme itself; 1: only an activity tagged automatically or with a word in its description; none: not found. Evidence: the rows of the strongest kind found.
-- param: plan_ids text[] []
-- param: theme text ""
-- param: theme_name text ""
-- param: words text[] []
WITH sec AS (
    SELECT plan_id, 'sections' AS tbl, section_id AS key, seq, title AS text,
           CASE WHEN $theme <> '' AND (list_contains(string_split(replace(coalesce(themes, ''), ' ', ''), ';'), $theme)
                       OR ($theme_name <> '' AND contains(replace(strip_accents(lower(coalesce(themes, ''))), 'đ', 'd'), $theme_name)))
                THEN 2
                WHEN NOT list_bool_or([contains(search_text, w) FOR w IN $words]) THEN 0
                WHEN list_bool_or([contains(replace(strip_accents(lower(title)), 'đ', 'd'), w) FOR w IN $words]) THEN 2
                ELSE 1
           END AS strength
    FROM sections
    WHERE plan_id IN (SELECT unnest($plan_ids))
),
kw AS (
    SELECT plan_id, activity_id,
           CASE WHEN list_bool_or([contains(replace(strip_accents(lower(title)), 'đ', 'd'), w) FOR w IN $words])
                THEN 2 ELSE 1 END AS strength
    FROM activities
    WHERE plan_id IN (SELECT unnest($plan_ids)) AND list_bool_or([contains(search_text, w) FOR w IN $words])
),
tagged AS (
    SELECT plan_id, activity_id, CASE WHEN assigned = 'manual' THEN 2 ELSE 1 END AS strength
    FROM activity_themes
    WHERE theme_code = $theme AND plan_id IN (SELECT unnest($plan_ids))
),
act AS (
    SELECT a.plan_id, 'activities' AS tbl, a.activity_id AS key, a.seq, a.title AS text, s.strength
    FROM (SELECT plan_id, activity_id, max(strength) AS strength
          FROM (SELECT * FROM kw UNION ALL SELECT * FROM tagged) GROUP BY ALL) s
    JOIN activities a USING (plan_id, activity_id)
),
hits AS (
    SELECT * FROM sec WHERE strength > 0
    UNION ALL
    SELECT * FROM act WHERE strength > 0
)
SELECT
    plan_id,
    max(strength)::DOUBLE AS value,
    NULL AS note, NULL AS note_en,
    CASE WHEN max(strength) = 2
         THEN min_by({'tbl': tbl, 'key': key, 'text': text}, (tbl = 'activities', seq), 10) FILTER (WHERE strength = 2)
         ELSE min_by({'tbl': tbl, 'key': key, 'text': text}, (tbl = 'activities', seq), 10) FILTER (WHERE strength = 1)
    END AS evidence,
    CASE WHEN max(strength) = 2 THEN count(*) FILTER (WHERE strength = 2) ELSE count(*) END AS hits
FROM hits
GROUP BY plan_id
