-- title_vi: Các hoạt động đằng sau một cột, ô hoặc lựa chọn
-- title_en: The activities behind a bar, cell or choice
-- description_vi: Hoạt động thỏa bộ lọc chung và các điều kiện chi tiết (kế hoạch, năm, tỉnh, chủ đề, đơn vị, cặp đơn vị, khoảng thời gian, nguồn kinh phí), kèm toàn văn, kế hoạch và nguồn (tệp, trang, dòng). Danh sách rỗng ở một điều kiện chi tiết nghĩa là không lọc theo điều kiện đó.
-- description_en: Activities matching the shared filters and the drill conditions (plan, year, province, theme, unit, unit pair, time window, budget source), with full text, plan and source (file, sheet, row). An empty drill list means no condition on it.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: d_plans text[] []
-- param: d_years int[] []
-- param: d_provinces text[] []
-- param: d_themes text[] []
-- param: d_assigned text ""
-- param: d_no_theme bool false
-- param: d_units text[] []
-- param: d_roles text[] []
-- param: d_unit_types text[] []
-- param: d_no_unit bool false
-- param: d_leads text[] []
-- param: d_coops text[] []
-- param: d_from date null
-- param: d_to date null
-- param: d_recurring text ""
-- param: d_budget_codes text[] []
-- param: d_limit int 500
WITH picked AS (
    SELECT a.*, count(*) OVER () AS total
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    WHERE (len($d_plans) = 0 OR list_contains($d_plans, a.plan_id))
      AND (len($d_years) = 0 OR list_contains($d_years, a.year))
      AND (len($d_provinces) = 0 OR list_contains($d_provinces, a.province_shown))
      AND (len($d_themes) = 0 OR EXISTS (
            SELECT 1 FROM activity_themes t
            WHERE t.plan_id = a.plan_id AND t.activity_id = a.activity_id
              AND list_contains($d_themes, t.theme_code)
              AND ($d_assigned = '' OR t.assigned = $d_assigned)))
      AND (NOT $d_no_theme OR NOT EXISTS (
            SELECT 1 FROM activity_themes t
            WHERE t.plan_id = a.plan_id AND t.activity_id = a.activity_id))
      AND (len($d_units) + len($d_unit_types) = 0 OR EXISTS (
            SELECT 1 FROM activity_units u
            WHERE u.plan_id = a.plan_id AND u.activity_id = a.activity_id
              AND (len($d_units) = 0 OR list_contains($d_units, u.unit_canonical))
              AND (len($d_unit_types) = 0 OR list_contains($d_unit_types, u.unit_type))
              AND (len($d_roles) = 0 OR list_contains($d_roles, u.role))))
      AND (NOT $d_no_unit OR NOT EXISTS (
            SELECT 1 FROM activity_units u
            WHERE u.plan_id = a.plan_id AND u.activity_id = a.activity_id
              AND (len($d_roles) = 0 OR list_contains($d_roles, u.role))))
      AND (len($d_leads) = 0 OR EXISTS (
            SELECT 1 FROM activity_units u
            WHERE u.plan_id = a.plan_id AND u.activity_id = a.activity_id
              AND u.role = 'lead' AND list_contains($d_leads, u.unit_canonical)))
      AND (len($d_coops) = 0 OR EXISTS (
            SELECT 1 FROM activity_units u
            WHERE u.plan_id = a.plan_id AND u.activity_id = a.activity_id
              AND u.role = 'cooperating' AND list_contains($d_coops, u.unit_canonical)))
      AND ($d_from IS NULL OR coalesce(a.end_date, a.start_date) >= $d_from::DATE)
      AND ($d_to IS NULL OR coalesce(a.start_date, a.end_date) <= $d_to::DATE)
      AND ($d_recurring = '' OR a.recurring = ($d_recurring = 'yes'))
      AND (len($d_budget_codes) = 0 OR list_contains($d_budget_codes, a.budget_code))
    ORDER BY a.year, a.province_shown COLLATE vi, a.plan_id, a.seq
    LIMIT $d_limit
),
theme_names AS (
    SELECT t.plan_id, t.activity_id,
           string_agg(th.name_vi || CASE WHEN t.assigned = 'auto' THEN ' (tự động)' ELSE '' END,
                      '; ' ORDER BY t.assigned DESC, th.name_vi COLLATE vi) AS themes_vi,
           string_agg(th.name_en || CASE WHEN t.assigned = 'auto' THEN ' (auto)' ELSE '' END,
                      '; ' ORDER BY t.assigned DESC, th.name_en) AS themes_en
    FROM activity_themes t
    JOIN themes th USING (theme_code)
    JOIN picked p USING (plan_id, activity_id)
    GROUP BY ALL
),
unit_names AS (
    SELECT u.plan_id, u.activity_id,
           string_agg(u.unit, '; ') FILTER (WHERE u.role = 'lead') AS lead_units,
           string_agg(u.unit, '; ') FILTER (WHERE u.role = 'cooperating') AS cooperating_units
    FROM activity_units u
    JOIN picked p USING (plan_id, activity_id)
    GROUP BY ALL
)
SELECT
    p.plan_id, p.plan_number, p.issuer, p.year, p.province_shown AS province,
    p.activity_id, p.title, p.description, p.section, p.timeframe, p.start_date, p.end_date,
    p.recurring, tn.themes_vi, tn.themes_en, un.lead_units, un.cooperating_units,
    p.budget_source, p.budget_vnd, p.source_file, p.source_sheet, p.source_row, p.total
FROM picked p
LEFT JOIN theme_names tn USING (plan_id, activity_id)
LEFT JOIN unit_names un USING (plan_id, activity_id)
ORDER BY p.year, p.province_shown COLLATE vi, p.plan_id, p.seq
