-- title_vi: So sánh: trung vị tỷ lệ hoạt động theo chủ đề của mọi tỉnh/thành
-- title_en: Compare: the median share of activities per theme over all provinces
-- description_vi: Với mỗi chủ đề, trung vị (median) của tỷ lệ hoạt động thuộc chủ đề trên mọi tỉnh/thành có hoạt động (không tính cơ quan trung ương), theo bộ lọc năm và cấp (không theo bộ lọc chủ đề, đơn vị: đây là mốc chung của cả nước); tỉnh không đề cập chủ đề tính là 0. Kèm số tỉnh/thành.
-- description_en: Per theme, the median over every province with activities (central bodies left out) of the share of its activities with the theme, under the year and level filters (not the theme and unit filters: it is the national yardstick); a province not mentioning the theme counts 0. With the number of provinces.
-- param: years int[] []
-- param: province_mode text "written"
-- param: levels text[] []
WITH central AS (SELECT province FROM provinces WHERE kind = 'trung ương'),
totals AS (
    SELECT province_shown AS province, count(*) AS total
    FROM f_activities($years, [], $province_mode, $levels, [], [])
    WHERE province_shown NOT IN (SELECT province FROM central)
    GROUP BY ALL
),
counts AS (
    -- (plan_id, activity_id, theme_code) is unique: a link count is an activity count
    SELECT province_shown AS province, theme_code, count(*) AS activities
    FROM f_activity_themes($years, [], $province_mode, $levels, [], [])
    GROUP BY ALL
)
SELECT th.theme_code, median(coalesce(c.activities, 0) / s.total) AS share,
       count(*) AS provinces
FROM totals s
CROSS JOIN themes th
LEFT JOIN counts c ON c.province = s.province AND c.theme_code = th.theme_code
GROUP BY th.theme_code
ORDER BY th.theme_code
