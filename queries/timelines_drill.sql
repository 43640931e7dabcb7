-- title_vi: Các hoạt động đằng sau một cột trên trang Tiến độ
-- title_en: The activities behind a bar on the Timelines page
-- description_vi: Hoạt động thỏa bộ lọc chung và các điều kiện chi tiết: kế hoạch, mã hoạt động, ngày kết thúc (đến hạn) trong khoảng d_due_from..d_due_to, thường xuyên ('yes') hay không ('no'), chỉ các hoạt động không có ngày, có mốc thời gian không hiểu được hoặc có ngày giả định (d_undated). Kèm toàn văn, kế hoạch, lý do gắn cờ và nguồn (tệp, trang, dòng).
-- description_en: Activities matching the shared filters and the drill conditions: plan, activity id, end date (due) within d_due_from..d_due_to, recurring ('yes') or not ('no'), only those without dates, with a timeframe not understood or with assumed dates (d_undated). With full text, plan, the reason for the flag and source (file, sheet, row).
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: d_plans text[] []
-- param: d_activity_ids text[] []
-- param: d_due_from date null
-- param: d_due_to date null
-- param: d_recurring text ""
-- param: d_undated bool false
-- param: d_limit int 500
WITH picked AS (
    SELECT a.*,
           CASE WHEN NOT a.timeframe_parsed THEN 'unparsed'
                WHEN a.start_date IS NULL AND a.end_date IS NULL THEN 'no_dates'
                WHEN a.dates_from = 'assumed' THEN 'assumed' END AS flag,
           count(*) OVER () AS total
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    WHERE (len($d_plans) = 0 OR list_contains($d_plans, a.plan_id))
      AND (len($d_activity_ids) = 0 OR list_contains($d_activity_ids, a.activity_id))
      AND ($d_due_from IS NULL OR a.end_date >= $d_due_from::DATE)
      AND ($d_due_to IS NULL OR a.end_date <= $d_due_to::DATE)
      AND ($d_recurring = '' OR a.recurring = ($d_recurring = 'yes'))
      AND (NOT $d_undated OR NOT a.timeframe_parsed
           OR (a.start_date IS NULL AND a.end_date IS NULL) OR a.dates_from = 'assumed')
    ORDER BY a.end_date NULLS LAST, a.year, a.province_shown COLLATE vi, a.plan_id, a.seq
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
    un.lead_units, un.cooperating_units, p.source_file, p.source_sheet, p.source_row, p.total
FROM picked p
LEFT JOIN theme_names tn USING (plan_id, activity_id)
LEFT JOIN unit_names un USING (plan_id, activity_id)
ORDER BY p.end_date NULLS LAST, p.year, p.province_shown COLLATE vi, p.plan_id, p.seq
