-- title_vi: Số hoạt động theo tỉnh/thành và chủ đề
-- title_en: Activities by province and theme
-- description_vi: Như theo kế hoạch, nhưng gộp theo tỉnh/thành (khi có nhiều kế hoạch); mỗi hoạt động được đếm một lần cho mỗi chủ đề của nó.
-- description_en: As by plan, but grouped by province (when there are many plans); each activity counts once for each of its themes.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
SELECT
    t.province_shown AS plan_label,
    t.theme_code,
    th.name_vi AS theme_vi,
    th.name_en AS theme_en,
    count(*) AS activities
FROM f_activity_themes($years, $provinces, $province_mode, $levels, $themes, $units) t
JOIN themes th USING (theme_code)
GROUP BY ALL
ORDER BY plan_label COLLATE vi, theme_code
