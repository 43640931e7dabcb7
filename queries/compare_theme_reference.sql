-- title_vi: So sánh: trung vị tỷ lệ hoạt động theo chủ đề của mọi tỉnh/thành
-- title_en: Compare: the median share of activities per theme over all provinces
-- description_vi: Với mỗi chủ đề, trung vị (median) của tỷ lệ hoạt động thuộc chủ đề trên mọi tỉnh/thành có hoạt động (không tính Trung ương), theo bộ lọc năm và cấp ban hành; tỉnh không đề cập chủ đề tính là 0. Kèm số tỉnh/thành.
-- description_en: Per theme, the median over every province with activities (central bodies left out) of the share of its activities with the theme, under the year and level filters; a province not mentioning the theme counts 0. With the number of provinces.
-- param: years int[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH acts AS (
    SELECT a.plan_id, a.activity_id, a.province_shown AS province
    FROM f_activities($years, [], $province_mode, $levels, $themes, $units) a
    JOIN plans p USING (plan_id)
    WHERE p.province_2025 IS DISTINCT FROM 'Trung ương'
),
totals AS (SELECT province, count(*) AS total FROM acts GROUP BY province),
counts AS (
    SELECT a.province, t.theme_code, count(DISTINCT (a.plan_id, a.activity_id)) AS activities
    FROM acts a JOIN activity_themes t USING (plan_id, activity_id)
    GROUP BY ALL
)
SELECT th.theme_code, median(coalesce(c.activities, 0) / s.total) AS share,
       count(*) AS provinces
FROM totals s
CROSS JOIN themes th
LEFT JOIN counts c ON c.province = s.province AND c.theme_code = th.theme_code
GROUP BY th.theme_code
ORDER BY th.theme_code
