-- title_vi: Ma trận tỉnh/thành × chủ đề (có cả ô trống)
-- title_en: Province × theme matrix (gaps included)
-- description_vi: Mỗi tỉnh/thành có kế hoạch thỏa bộ lọc × mỗi chủ đề: số hoạt động (0 khi tỉnh không đề cập chủ đề đó), số kế hoạch của tỉnh và tổng số hoạt động của tỉnh. Tỉnh/thành theo cách ghi hoặc theo 34 tỉnh/thành sau 2025 (province_mode).
-- description_en: Each province with plans matching the filters × each theme: activities (0 when the province never mentions the theme), the province's plans and its total activities. Provinces as written or as the 34 after 2025 (province_mode).
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: manual_only bool false
WITH rows_ AS (
    SELECT p.province_shown AS province, count(*) AS plans
    FROM f_plans($years, $provinces, $province_mode, $levels) p
    GROUP BY p.province_shown
),
totals AS (
    SELECT province_shown AS province, count(*) AS row_activities
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
    GROUP BY ALL
),
counts AS (
    -- (plan_id, activity_id, theme_code) is unique: a link count is an activity count
    SELECT province_shown AS province, theme_code,
           count(*) AS activities,
           count(*) FILTER (WHERE assigned = 'manual') AS manual
    FROM f_activity_themes($years, $provinces, $province_mode, $levels, $themes, $units)
    WHERE NOT $manual_only OR assigned = 'manual'
    GROUP BY ALL
)
SELECT r.province, r.plans, coalesce(s.row_activities, 0) AS row_activities,
       th.theme_code, th.name_vi, th.name_en,
       coalesce(c.activities, 0) AS activities, coalesce(c.manual, 0) AS manual
FROM rows_ r
LEFT JOIN totals s USING (province)
CROSS JOIN themes th
LEFT JOIN counts c ON c.province = r.province AND c.theme_code = th.theme_code
WHERE len($themes) = 0 OR list_contains($themes, th.theme_code)
ORDER BY r.province COLLATE vi, th.name_vi COLLATE vi
