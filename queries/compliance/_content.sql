-- title_vi: Nhóm nội dung (từ khóa, chủ đề)
-- title_en: Content group (keywords, theme)
-- description_en: Built-in for rule_kind keywords. Value 2: a section heading or an activity title has one of the words, a section's themes cell names the theme, or the plan tagged an activity with the theme itself; 1: only an activity tagged automatically or with a word in its description; none: not found. Evidence: the rows of the strongest kind found.
-- param: plan_ids text[] []
-- param: theme text ""
-- param: theme_name text ""
-- param: words text[] []
WITH sec AS (
    SELECT plan_id, 'sections' AS tbl, section_id AS key, seq, title AS text,
           CASE WHEN list_bool_or([contains(replace(strip_accents(lower(title)), 'đ', 'd'), w) FOR w IN $words])
                  OR ($theme <> '' AND (list_contains(string_split(replace(coalesce(themes, ''), ' ', ''), ';'), $theme)
                       OR ($theme_name <> '' AND contains(replace(strip_accents(lower(coalesce(themes, ''))), 'đ', 'd'), $theme_name))))
                THEN 2
                WHEN list_bool_or([contains(search_text, w) FOR w IN $words]) THEN 1
           END AS strength
    FROM sections
    WHERE list_contains($plan_ids, plan_id)
),
tagged AS (
    SELECT plan_id, activity_id, max(CASE WHEN assigned = 'manual' THEN 2 ELSE 1 END) AS strength
    FROM activity_themes
    WHERE theme_code = $theme AND list_contains($plan_ids, plan_id)
    GROUP BY ALL
),
act AS (
    SELECT a.plan_id, 'activities' AS tbl, a.activity_id AS key, a.seq, a.title AS text,
           greatest(
               coalesce(t.strength, 0),
               CASE WHEN list_bool_or([contains(replace(strip_accents(lower(a.title)), 'đ', 'd'), w) FOR w IN $words]) THEN 2
                    WHEN list_bool_or([contains(a.search_text, w) FOR w IN $words]) THEN 1
                    ELSE 0 END
           ) AS strength
    FROM activities a
    LEFT JOIN tagged t USING (plan_id, activity_id)
    WHERE list_contains($plan_ids, a.plan_id)
),
hits AS (
    SELECT * FROM (
        SELECT * FROM sec WHERE strength > 0
        UNION ALL
        SELECT * FROM act WHERE strength > 0
    )
    QUALIFY strength = max(strength) OVER (PARTITION BY plan_id)
)
SELECT
    plan_id,
    max(strength)::DOUBLE AS value,
    NULL AS note, NULL AS note_en,
    list({'tbl': tbl, 'key': key, 'text': text} ORDER BY strength DESC, tbl DESC, seq) AS evidence
FROM hits
GROUP BY plan_id
