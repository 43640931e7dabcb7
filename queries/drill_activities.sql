-- title_vi: Các hoạt động đằng sau một cột, ô hoặc lựa chọn
-- title_en: The activities behind a bar, cell or choice
-- description_vi: Truy vấn chi tiết duy nhất của mọi trang: hoạt động thỏa bộ lọc chung và các điều kiện chi tiết — kế hoạch, năm, tỉnh, mã hoạt động, chủ đề (thủ công/tự động, không có chủ đề), đơn vị (vai trò, loại, không có đơn vị), cặp chủ trì → phối hợp, khoảng thời gian (d_from..d_to giao nhau; d_due_from..d_due_to: ngày kết thúc trong khoảng), thường xuyên ('yes'/'no'), không có ngày, mốc thời gian không hiểu được hoặc ngày giả định (d_undated), nguồn kinh phí của hoạt động, kế hoạch có nêu nguồn (d_plan_sources), có ghi số tiền (d_with_amount, d_plan_amount); d_order = 'due' xếp theo ngày đến hạn. Kèm toàn văn, kế hoạch, kinh phí, lý do gắn cờ và nguồn (tệp, trang, dòng). Danh sách rỗng nghĩa là không lọc theo điều kiện đó.
-- description_en: The one drill query of every page: activities matching the shared filters and the drill conditions — plan, year, province, activity id, theme (manual/auto, no theme), unit (role, type, no unit), lead → cooperating pair, time window (d_from..d_to overlapping; d_due_from..d_due_to: end date within), recurring ('yes'/'no'), no dates, a timeframe not understood or assumed dates (d_undated), the activity's budget source, plans naming a source (d_plan_sources), an amount stated (d_with_amount, d_plan_amount); d_order = 'due' sorts by due date. With full text, plan, budget, the reason for a flag and source (file, sheet, row). An empty list means no condition on it.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: d_plans text[] []
-- param: d_years int[] []
-- param: d_provinces text[] []
-- param: d_activity_ids text[] []
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
-- param: d_due_from date null
-- param: d_due_to date null
-- param: d_recurring text ""
-- param: d_undated bool false
-- param: d_budget_codes text[] []
-- param: d_plan_sources text[] []
-- param: d_with_amount bool false
-- param: d_plan_amount bool false
-- param: d_order text ""
-- param: d_limit int 500
WITH picked AS (
    SELECT a.*,
           CASE WHEN NOT a.timeframe_parsed THEN 'unparsed'
                WHEN a.start_date IS NULL AND a.end_date IS NULL THEN 'no_dates'
                WHEN a.dates_from = 'assumed' THEN 'assumed' END AS flag,
           count(*) OVER () AS total
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    WHERE (len($d_plans) = 0 OR list_contains($d_plans, a.plan_id))
      AND (len($d_years) = 0 OR list_contains($d_years, a.year))
      AND (len($d_provinces) = 0 OR list_contains($d_provinces, a.province_shown))
      AND (len($d_activity_ids) = 0 OR list_contains($d_activity_ids, a.activity_id))
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
      AND ($d_due_from IS NULL OR a.end_date >= $d_due_from::DATE)
      AND ($d_due_to IS NULL OR a.end_date <= $d_due_to::DATE)
      AND ($d_recurring = '' OR a.recurring = ($d_recurring = 'yes'))
      AND (NOT $d_undated OR NOT a.timeframe_parsed
           OR (a.start_date IS NULL AND a.end_date IS NULL) OR a.dates_from = 'assumed')
      AND (len($d_budget_codes) = 0 OR list_contains($d_budget_codes, a.budget_code))
      AND (len($d_plan_sources) = 0 OR a.plan_id IN (
            SELECT b.plan_id FROM budgets b WHERE list_contains($d_plan_sources, b.budget_code)))
      AND (NOT $d_with_amount OR a.budget_vnd IS NOT NULL)
      AND (NOT $d_plan_amount OR a.plan_id IN (
            SELECT b.plan_id FROM budgets b WHERE b.amount_vnd IS NOT NULL))
    ORDER BY CASE WHEN $d_order = 'due' THEN a.end_date END NULLS LAST,
             a.year, a.province_shown COLLATE vi, a.plan_id, a.seq
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
    p.recurring, p.timeframe_parsed, p.dates_from, p.flag, tn.themes_vi, tn.themes_en,
    un.lead_units, un.cooperating_units, p.budget_source, p.budget_code, p.budget_vnd,
    p.source_file, p.source_sheet, p.source_row, p.total
FROM picked p
LEFT JOIN theme_names tn USING (plan_id, activity_id)
LEFT JOIN unit_names un USING (plan_id, activity_id)
ORDER BY CASE WHEN $d_order = 'due' THEN p.end_date END NULLS LAST,
         p.year, p.province_shown COLLATE vi, p.plan_id, p.seq
