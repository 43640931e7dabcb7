-- title_vi: Số hoạt động theo kế hoạch và chủ đề
-- title_en: Activities by plan and theme
-- description_vi: Mỗi hoạt động được đếm một lần cho mỗi chủ đề của nó (thủ công hoặc tự động), theo bộ lọc.
-- description_en: Each activity counts once for each of its themes (manual or automatic), under the filters.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH labelled AS (
    SELECT
        plan_id,
        year,
        province_shown || ' ' || year
            || CASE WHEN count(*) OVER (PARTITION BY province_shown, year) > 1
                    THEN ' (' || plan_id || ')' ELSE '' END AS plan_label
    FROM f_plans($years, $provinces, $province_mode, $levels)
)
SELECT
    p.plan_id,
    p.year,
    p.plan_label,
    t.theme_code,
    th.name_vi AS theme_vi,
    th.name_en AS theme_en,
    count(*) AS activities
FROM f_activity_themes($years, $provinces, $province_mode, $levels, $themes, $units) t
JOIN labelled p USING (plan_id)
JOIN themes th USING (theme_code)
GROUP BY ALL
ORDER BY p.year, p.plan_id, t.theme_code
