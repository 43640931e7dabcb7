-- title_vi: Số hoạt động theo kế hoạch và chủ đề
-- title_en: Activities by plan and theme
-- description_vi: Mỗi hoạt động được đếm một lần cho mỗi chủ đề của nó (thủ công hoặc tự động).
-- description_en: Each activity counts once for each of its themes (manual or automatic).
WITH labelled AS (
    SELECT
        plan_id,
        year,
        coalesce(province_canonical, province) || ' ' || year
            || CASE WHEN count(*) OVER (PARTITION BY coalesce(province_canonical, province), year) > 1
                    THEN ' (' || plan_id || ')' ELSE '' END AS plan_label
    FROM plans
)
SELECT
    p.plan_id,
    p.year,
    p.plan_label,
    t.theme_code,
    th.name_vi AS theme_vi,
    th.name_en AS theme_en,
    count(*) AS activities
FROM activity_themes t
JOIN labelled p USING (plan_id)
JOIN themes th USING (theme_code)
GROUP BY ALL
ORDER BY p.year, p.plan_id, t.theme_code
