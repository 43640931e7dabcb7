-- title_vi: Số hoạt động theo chủ đề (gán thủ công / tự động)
-- title_en: Activities by theme (manual / automatic links)
-- description_vi: Với mỗi chủ đề (kể cả chủ đề không có hoạt động nào): số hoạt động gắn chủ đề bằng tay trong bảng tính, số hoạt động được phân loại tự động, tổng, và số kế hoạch đề cập. Khi lọc theo chủ đề, chỉ các chủ đề được chọn được đếm. manual_only: chỉ đếm liên kết thủ công.
-- description_en: For every theme (also those with no activity): activities linked by hand in the workbook, activities classified automatically, the total, and the number of plans that mention it. With a theme filter only the chosen themes are counted. manual_only: count manual links only.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: manual_only bool false
WITH counts AS (
    -- (plan_id, activity_id, theme_code) is unique: a link count is an activity count
    SELECT theme_code,
           count(*) FILTER (WHERE assigned = 'manual') AS manual,
           count(*) FILTER (WHERE assigned = 'auto') AS auto,
           count(*) AS activities,
           count(DISTINCT plan_id) AS plans
    FROM f_activity_themes($years, $provinces, $province_mode, $levels, $themes, $units)
    WHERE (len($themes) = 0 OR list_contains($themes, theme_code))
      AND (NOT $manual_only OR assigned = 'manual')
    GROUP BY theme_code
)
SELECT th.theme_code, th.name_vi, th.name_en,
       coalesce(c.manual, 0) AS manual, coalesce(c.auto, 0) AS auto,
       coalesce(c.activities, 0) AS activities, coalesce(c.plans, 0) AS plans
FROM themes th
LEFT JOIN counts c USING (theme_code)
WHERE len($themes) = 0 OR list_contains($themes, th.theme_code)
ORDER BY activities DESC, th.name_vi COLLATE vi
