-- title_vi: Số liệu theo 34 tỉnh/thành sau 2025 (cho bản đồ ô)
-- title_en: Figures by the 34 provinces after 2025 (for the tile map)
-- description_vi: Mỗi tỉnh/thành sau 2025 (và Trung ương) có kế hoạch thỏa bộ lọc năm, cấp, chủ đề, đơn vị: số kế hoạch, số hoạt động, số chủ đề được đề cập và tổng số chủ đề trong danh mục. Không lọc theo tỉnh: bản đồ luôn vẽ đủ các tỉnh.
-- description_en: Each province after 2025 (and central bodies) with plans matching the year, level, theme and unit filters: plans, activities, themes covered and the number of themes in the list. No province filter: the map always draws every province.
-- param: years int[] []
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH p AS (
    SELECT province_shown AS province, count(*) AS plans
    FROM f_plans($years, [], '2025', $levels)
    GROUP BY ALL
),
a AS (
    SELECT province_shown AS province, count(*) AS activities
    FROM f_activities($years, [], '2025', $levels, $themes, $units)
    GROUP BY ALL
),
t AS (
    SELECT province_shown AS province, count(DISTINCT theme_code) AS themes
    FROM f_activity_themes($years, [], '2025', $levels, $themes, $units)
    GROUP BY ALL
)
SELECT p.province, p.plans,
       coalesce(a.activities, 0) AS activities,
       coalesce(t.themes, 0) AS themes,
       (SELECT count(*) FROM themes) AS themes_total
FROM p
LEFT JOIN a USING (province)
LEFT JOIN t USING (province)
ORDER BY p.province COLLATE vi
