-- title_vi: Nhóm nội dung (từ khóa, chủ đề)
-- title_en: Content groups (keywords, theme)
-- description_en: Built-in for rule_kind keywords, every keywords criterion in one pass. $groups: a list of {cid, theme, theme_name, words} (words and theme_name folded). Per criterion and plan, value 2: a section heading or an activity title has one of the words, a section's themes cell names the theme, or the plan tagged an activity with the theme itself; 1: only an activity tagged automatically or with a word in its description; none: not found. Evidence: the rows of the strongest kind found (the first 10), hits: how many.
-- param: plan_ids text[] []
-- param: groups json []
WITH g AS (
    SELECT x.cid, x.theme, x.theme_name, x.words
    FROM (SELECT unnest(CAST($groups AS STRUCT(cid VARCHAR, theme VARCHAR, theme_name VARCHAR, words VARCHAR[])[])) AS x)
),
ids AS (SELECT unnest($plan_ids) AS plan_id),
sec AS (
    SELECT g.cid, s.plan_id, 'sections' AS tbl, s.section_id AS key, s.seq, s.title AS text,
           CASE WHEN g.theme <> '' AND (list_contains(string_split(replace(coalesce(s.themes, ''), ' ', ''), ';'), g.theme)
                       OR (g.theme_name <> '' AND contains(replace(strip_accents(lower(coalesce(s.themes, ''))), 'đ', 'd'), g.theme_name)))
                THEN 2
                WHEN NOT list_bool_or([contains(s.search_text, w) FOR w IN g.words]) THEN 0
                WHEN list_bool_or([contains(replace(strip_accents(lower(s.title)), 'đ', 'd'), w) FOR w IN g.words]) THEN 2
                ELSE 1
           END AS strength
    FROM sections s CROSS JOIN g
    WHERE s.plan_id IN (SELECT plan_id FROM ids)
),
acts AS (
    SELECT plan_id, activity_id, search_text, replace(strip_accents(lower(title)), 'đ', 'd') AS folded
    FROM activities WHERE plan_id IN (SELECT plan_id FROM ids)
),
kw AS (
    SELECT g.cid, a.plan_id, a.activity_id,
           CASE WHEN list_bool_or([contains(a.folded, w) FOR w IN g.words]) THEN 2 ELSE 1 END AS strength
    FROM acts a CROSS JOIN g
    WHERE list_bool_or([contains(a.search_text, w) FOR w IN g.words])
),
tagged AS (
    SELECT g.cid, t.plan_id, t.activity_id, CASE WHEN t.assigned = 'manual' THEN 2 ELSE 1 END AS strength
    FROM activity_themes t JOIN g ON t.theme_code = g.theme
    WHERE t.plan_id IN (SELECT plan_id FROM ids)
),
act AS (
    SELECT s.cid, a.plan_id, 'activities' AS tbl, a.activity_id AS key, a.seq, a.title AS text, s.strength
    FROM (SELECT cid, plan_id, activity_id, max(strength) AS strength
          FROM (SELECT * FROM kw UNION ALL SELECT * FROM tagged) GROUP BY ALL) s
    JOIN activities a USING (plan_id, activity_id)
),
hits AS (
    SELECT * FROM sec WHERE strength > 0
    UNION ALL
    SELECT * FROM act
)
SELECT
    cid,
    plan_id,
    max(strength)::DOUBLE AS value,
    NULL AS note, NULL AS note_en,
    CASE WHEN max(strength) = 2
         THEN min_by({'tbl': tbl, 'key': key, 'text': text}, (tbl = 'activities', seq), 10) FILTER (WHERE strength = 2)
         ELSE min_by({'tbl': tbl, 'key': key, 'text': text}, (tbl = 'activities', seq), 10) FILTER (WHERE strength = 1)
    END AS evidence,
    CASE WHEN max(strength) = 2 THEN count(*) FILTER (WHERE strength = 2) ELSE count(*) END AS hits
FROM hits
GROUP BY cid, plan_id
