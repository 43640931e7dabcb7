-- title_vi: Các hoạt động đằng sau một cột trên trang Kinh phí
-- title_en: The activities behind a bar on the Budgets page
-- description_vi: Hoạt động thỏa bộ lọc chung và các điều kiện chi tiết: kế hoạch, năm, tỉnh/thành, kế hoạch có nêu nguồn kinh phí (mã chuẩn, ở mục Kinh phí), nguồn kinh phí ghi ở hoạt động, chỉ các hoạt động có ghi số tiền (d_with_amount), chỉ các kế hoạch có ghi số tiền ở mục Kinh phí (d_plan_amount). Kèm toàn văn, kế hoạch, kinh phí và nguồn (tệp, trang, dòng). Danh sách rỗng nghĩa là không lọc theo điều kiện đó.
-- description_en: Activities matching the shared filters and the drill conditions: plan, year, province, plans naming a budget source (canonical code, in the Budget section), the activity's own budget source, only activities stating an amount (d_with_amount), only plans stating an amount in their Budget section (d_plan_amount). With full text, plan, budget and source (file, sheet, row). An empty list means no condition on it.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: d_plans text[] []
-- param: d_years int[] []
-- param: d_provinces text[] []
-- param: d_plan_sources text[] []
-- param: d_budget_codes text[] []
-- param: d_with_amount bool false
-- param: d_plan_amount bool false
-- param: d_limit int 500
WITH picked AS (
    SELECT a.*, count(*) OVER () AS total
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    WHERE (len($d_plans) = 0 OR list_contains($d_plans, a.plan_id))
      AND (len($d_years) = 0 OR list_contains($d_years, a.year))
      AND (len($d_provinces) = 0 OR list_contains($d_provinces, a.province_shown))
      AND (len($d_plan_sources) = 0 OR a.plan_id IN (
            SELECT b.plan_id FROM budgets b WHERE list_contains($d_plan_sources, b.budget_code)))
      AND (len($d_budget_codes) = 0 OR list_contains($d_budget_codes, a.budget_code))
      AND (NOT $d_with_amount OR a.budget_vnd IS NOT NULL)
      AND (NOT $d_plan_amount OR a.plan_id IN (
            SELECT b.plan_id FROM budgets b WHERE b.amount_vnd IS NOT NULL))
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
    p.budget_source, p.budget_code, p.budget_vnd, p.source_file, p.source_sheet, p.source_row,
    p.total
FROM picked p
LEFT JOIN theme_names tn USING (plan_id, activity_id)
LEFT JOIN unit_names un USING (plan_id, activity_id)
ORDER BY p.year, p.province_shown COLLATE vi, p.plan_id, p.seq
