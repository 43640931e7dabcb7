-- title_vi: Văn bản làm bằng chứng của một kế hoạch
-- title_en: The evidence texts of one plan
-- description_vi: Toàn văn các dòng có thể làm bằng chứng đối chiếu của một kế hoạch: căn cứ (legal_bases), hoạt động (tiêu đề, mô tả, thời gian, đơn vị chủ trì), tiêu đề mục (sections), phân công và kinh phí; khóa (key) là số thứ tự hoặc mã hoạt động như trong evidence_rows.
-- description_en: The full text of every row of one plan that compliance evidence can point to: legal bases, activities (title, description, timeframe, lead units), section headings, duties and budget lines; key is the seq or activity id as in evidence_rows.
-- param: plan_id text ""
SELECT 'legal_bases' AS tbl, CAST(seq AS VARCHAR) AS key, reference AS text, NULL AS detail,
       source_sheet, source_row
FROM legal_bases WHERE plan_id = $plan_id
UNION ALL
SELECT 'plans', 'title', title, NULL, source_sheet, source_row FROM plans WHERE plan_id = $plan_id
UNION ALL
SELECT 'activities', a.activity_id, a.title,
       concat_ws(' · ', nullif(a.description, ''), nullif(a.timeframe, ''), l.leads),
       a.source_sheet, a.source_row
FROM activities a
LEFT JOIN (SELECT activity_id, string_agg(unit, '; ' ORDER BY unit) AS leads
           FROM activity_units WHERE plan_id = $plan_id AND role = 'lead' GROUP BY ALL) l
       USING (activity_id)
WHERE a.plan_id = $plan_id
UNION ALL
SELECT 'sections', section_id, title,
       concat_ws(' · ', nullif(description, ''), nullif(timeframe, ''), nullif(lead_units, '')),
       source_sheet, source_row
FROM sections WHERE plan_id = $plan_id
UNION ALL
SELECT 'assignments', CAST(seq AS VARCHAR), unit || ': ' || duty, NULL, source_sheet, source_row
FROM assignments WHERE plan_id = $plan_id
UNION ALL
SELECT 'budgets', CAST(seq AS VARCHAR), source, note, source_sheet, source_row
FROM budgets WHERE plan_id = $plan_id
