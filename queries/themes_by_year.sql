-- title_vi: Chủ đề theo năm: số hoạt động và tỷ lệ kế hoạch đề cập
-- title_en: Themes by year: activities and share of plans that mention them
-- description_vi: Mỗi năm × mỗi chủ đề: số hoạt động, số kế hoạch có ít nhất một hoạt động về chủ đề, số kế hoạch của năm và tỷ lệ (%) kế hoạch đề cập chủ đề.
-- description_en: Each year × each theme: activities, plans with at least one activity on the theme, the year's plans and the share (%) of plans that mention the theme.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: manual_only bool false
WITH years_ AS (
    SELECT p.year, count(*) AS year_plans
    FROM f_plans($years, $provinces, $province_mode, $levels) p
    GROUP BY p.year
),
counts AS (
    -- (plan_id, activity_id, theme_code) is unique: a link count is an activity count
    SELECT year, theme_code,
           count(*) AS activities,
           count(DISTINCT plan_id) AS plans
    FROM f_activity_themes($years, $provinces, $province_mode, $levels, $themes, $units)
    WHERE NOT $manual_only OR assigned = 'manual'
    GROUP BY ALL
)
SELECT y.year, y.year_plans, th.theme_code, th.name_vi, th.name_en,
       coalesce(c.activities, 0) AS activities, coalesce(c.plans, 0) AS plans,
       round(100.0 * coalesce(c.plans, 0) / y.year_plans, 1) AS share
FROM years_ y
CROSS JOIN themes th
LEFT JOIN counts c ON c.year = y.year AND c.theme_code = th.theme_code
WHERE len($themes) = 0 OR list_contains($themes, th.theme_code)
ORDER BY y.year, th.name_vi COLLATE vi
