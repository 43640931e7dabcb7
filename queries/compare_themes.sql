-- title_vi: So sánh: độ bao phủ chủ đề (tỷ lệ hoạt động) của từng đối tượng
-- title_en: Compare: theme coverage (share of activities) of each entity
-- description_vi: Mỗi đối tượng so sánh × mỗi chủ đề: số hoạt động thuộc chủ đề, tổng số hoạt động của đối tượng và tỷ lệ (share, 0–1). Một hoạt động có thể thuộc nhiều chủ đề.
-- description_en: Each compared entity × each theme: activities with the theme, the entity's activities and the share (0–1). An activity may have several themes.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: c_mode text "province"
-- param: c_keys text[] []
WITH ent AS (
    SELECT plan_id, entity FROM f_compare_plans($c_mode, $c_keys, $years, $provinces, $province_mode, $levels)
),
acts AS (
    SELECT a.plan_id, a.activity_id, e.entity
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    JOIN ent e USING (plan_id)
),
totals AS (SELECT entity, count(*) AS total FROM acts GROUP BY entity),
counts AS (
    SELECT a.entity, t.theme_code, count(DISTINCT (a.plan_id, a.activity_id)) AS activities
    FROM acts a JOIN activity_themes t USING (plan_id, activity_id)
    GROUP BY ALL
)
SELECT e.entity, th.theme_code, th.name_vi, th.name_en,
       coalesce(c.activities, 0) AS activities, coalesce(s.total, 0) AS total,
       CASE WHEN coalesce(s.total, 0) = 0 THEN 0.0 ELSE coalesce(c.activities, 0) / s.total END AS share
FROM (SELECT DISTINCT entity FROM ent) e
CROSS JOIN themes th
LEFT JOIN totals s USING (entity)
LEFT JOIN counts c ON c.entity = e.entity AND c.theme_code = th.theme_code
ORDER BY e.entity, th.theme_code
