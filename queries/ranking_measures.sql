-- title_vi: Các chỉ số xếp hạng tỉnh, năm chọn và năm trước
-- title_en: Ranking measures per province, for the chosen year and the year before
-- description_vi: Mỗi tỉnh/thành (theo tên ghi hoặc theo 34 tỉnh sau 2025) và năm ($year và năm trước): số hoạt động, số chủ đề có hoạt động (trên tổng số chủ đề), số hoạt động có cả đơn vị chủ trì và thời gian thực hiện, số kế hoạch và số kế hoạch nêu nguồn kinh phí (ít nhất một nguồn không kèm "nếu có"). Không tính kế hoạch của cơ quan trung ương. Bộ lọc chủ đề/đơn vị giới hạn các hoạt động được đếm, và các kế hoạch có ít nhất một hoạt động thỏa bộ lọc.
-- description_en: Per province (as written, or the 34 after 2025) and year ($year and the year before): activities, themes with at least one activity (out of all themes), activities with both a lead unit and a timeframe, plans, and plans stating a budget source (at least one without "if any"). Central bodies' plans are left out. The theme/unit filters limit the activities counted, and the plans to those with at least one matching activity.
-- param: year int 2025
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH acts AS (
    SELECT plan_id, activity_id, province_shown, year,
           nullif(trim(timeframe), '') IS NOT NULL OR dates_from = 'workbook' AS timed
    FROM f_activities([$year - 1, $year], $provinces, $province_mode, $levels, $themes, $units)
    WHERE province_shown <> 'Trung ương'
),
led AS (
    SELECT DISTINCT u.plan_id, u.activity_id
    FROM activity_units u SEMI JOIN acts USING (plan_id, activity_id)
    WHERE u.role = 'lead'
),
by_acts AS (
    SELECT a.province_shown, a.year,
           count(*) AS activities,
           count(*) FILTER (WHERE a.timed AND l.activity_id IS NOT NULL) AS led_and_timed
    FROM acts a LEFT JOIN led l USING (plan_id, activity_id)
    GROUP BY ALL
),
by_themes AS (
    -- the links joined to the plans on plan_id (cheap), not to acts on the activity pair
    SELECT t.province_shown, t.year, count(DISTINCT t.theme_code) AS themes
    FROM f_activity_themes([$year - 1, $year], $provinces, $province_mode, $levels, $themes, $units) t
    WHERE t.province_shown <> 'Trung ương'
    GROUP BY ALL
),
stated AS (
    SELECT plan_id FROM budgets WHERE budget_code <> 'khong_neu' AND NOT conditional
),
by_plans AS (
    SELECT p.province_shown, p.year, count(*) AS plans,
           count(*) FILTER (WHERE p.plan_id IN (SELECT plan_id FROM stated)) AS plans_budget
    FROM f_plans([$year - 1, $year], $provinces, $province_mode, $levels) p
    WHERE p.province_shown <> 'Trung ương'
      AND ((len($themes) = 0 AND len($units) = 0) OR p.plan_id IN (SELECT plan_id FROM acts))
    GROUP BY ALL
)
SELECT
    p.province_shown AS province, p.year, p.plans, p.plans_budget,
    coalesce(a.activities, 0) AS activities,
    coalesce(a.led_and_timed, 0) AS led_and_timed,
    coalesce(t.themes, 0) AS themes,
    (SELECT count(*) FROM themes) AS themes_total
FROM by_plans p
LEFT JOIN by_acts a USING (province_shown, year)
LEFT JOIN by_themes t USING (province_shown, year)
ORDER BY p.year, p.province_shown COLLATE vi
