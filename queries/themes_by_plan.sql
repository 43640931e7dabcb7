-- title_vi: Ma trận kế hoạch × chủ đề (có cả ô trống)
-- title_en: Plan × theme matrix (gaps included)
-- description_vi: Mỗi kế hoạch thỏa bộ lọc × mỗi chủ đề: số hoạt động (0 khi kế hoạch không đề cập chủ đề đó), kèm số hiệu, cơ quan, năm, tỉnh/thành và tổng số hoạt động của kế hoạch (0: kế hoạch chưa có hoạt động).
-- description_en: Each plan matching the filters × each theme: activities (0 when the plan never mentions the theme), with number, issuer, year, province and the plan's total activities (0: a plan without activities).
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: manual_only bool false
WITH rows_ AS (
    SELECT p.plan_id, p.number, p.issuer, p.year, p.province_shown AS province,
           p.province_shown || ' ' || p.year || ' · '
               || coalesce(nullif(trim(p.number), ''), p.plan_id) AS plan_label
    FROM f_plans($years, $provinces, $province_mode, $levels) p
),
totals AS (
    SELECT plan_id, count(*) AS row_activities
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
    GROUP BY ALL
),
counts AS (
    -- (plan_id, activity_id, theme_code) is unique: a link count is an activity count
    SELECT plan_id, theme_code,
           count(*) AS activities,
           count(*) FILTER (WHERE assigned = 'manual') AS manual
    FROM f_activity_themes($years, $provinces, $province_mode, $levels, $themes, $units)
    WHERE NOT $manual_only OR assigned = 'manual'
    GROUP BY ALL
)
SELECT r.plan_id, r.plan_label, r.number, r.issuer, r.year, r.province,
       coalesce(s.row_activities, 0) AS row_activities,
       th.theme_code, th.name_vi, th.name_en,
       coalesce(c.activities, 0) AS activities, coalesce(c.manual, 0) AS manual
FROM rows_ r
LEFT JOIN totals s USING (plan_id)
CROSS JOIN themes th
LEFT JOIN counts c ON c.plan_id = r.plan_id AND c.theme_code = th.theme_code
WHERE len($themes) = 0 OR list_contains($themes, th.theme_code)
ORDER BY r.year, r.province COLLATE vi, r.plan_id, th.name_vi COLLATE vi
