-- title_vi: Số hoạt động theo kế hoạch và chủ đề
-- title_en: Activities by plan and theme
-- description_vi: Mỗi hoạt động được đếm một lần cho mỗi chủ đề của nó (thủ công hoặc tự động).
-- description_en: Each activity counts once for each of its themes (manual or automatic).
SELECT
    p.plan_id,
    coalesce(p.province_canonical, p.province) || ' ' || p.year AS plan_label,
    t.theme_code,
    th.name_vi AS theme_vi,
    th.name_en AS theme_en,
    count(*) AS activities
FROM activity_themes t
JOIN plans p USING (plan_id)
JOIN themes th USING (theme_code)
GROUP BY ALL
ORDER BY p.year, p.plan_id, t.theme_code
