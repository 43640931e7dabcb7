-- title_vi: Tổng quan: mỗi kế hoạch với nguồn, số hoạt động, đơn vị chủ trì và kinh phí
-- title_en: Overview: each plan with its source, activities, lead units and budget
-- description_vi: Mỗi kế hoạch thỏa bộ lọc năm, tỉnh/thành, cấp: số hiệu, cơ quan, năm, ngày ban hành, người ký, tệp nguồn, văn bản nguồn ghi trong bảng tính (source), tổng số hoạt động (activities), số hoạt động thỏa cả bộ lọc chủ đề và đơn vị (matched_activities), số hoạt động đó có đơn vị chủ trì (with_lead), tình trạng kinh phí ('none', 'conditional', 'stated'), central (kế hoạch của cơ quan trung ương) và matched (kế hoạch có hoạt động thỏa bộ lọc chủ đề/đơn vị, hoặc không lọc theo chủ đề/đơn vị), title (tên kế hoạch: thay cho tên tệp đã lưu dạng mã băm). Một truy vấn thay cho plan_sources và highlights_plans trên trang Tổng quan.
-- description_en: Each plan under the year, province and level filters: number, issuer, year, issue date, signer, source file, the source document the workbook names (source), all its activities (activities), the activities that also match the theme and unit filters (matched_activities), those of them with a lead unit (with_lead), budget status ('none', 'conditional', 'stated'), central (a central body's plan) and matched (the plan has activities matching the theme/unit filters, or there is no such filter), title (the plan's title: it stands for a file stored under a hashed name). One query instead of plan_sources and highlights_plans on the Overview page.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH p AS (
    SELECT * FROM f_plans($years, $provinces, $province_mode, $levels)
),
acts AS (
    -- an activity counts as led when one of its units has the lead role (the lead links
    -- of the plans kept only: with a year or province filter, a fraction of the table)
    SELECT a.plan_id, count(*) AS activities, count(*) FILTER (WHERE a.led) AS with_lead
    FROM (
        SELECT plan_id, (plan_id, activity_id) IN (
                   SELECT (u.plan_id, u.activity_id) FROM activity_units u
                   WHERE u.role = 'lead' AND u.plan_id IN (SELECT plan_id FROM p)) AS led
        FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
    ) a
    GROUP BY a.plan_id
),
every AS (
    SELECT plan_id, count(*) AS activities FROM activities SEMI JOIN p USING (plan_id)
    GROUP BY plan_id
),
lines AS (
    SELECT plan_id,
           count(*) FILTER (WHERE budget_code <> 'khong_neu') AS named,
           count(*) FILTER (WHERE budget_code <> 'khong_neu' AND NOT conditional) AS firm
    FROM budgets SEMI JOIN p USING (plan_id)
    GROUP BY plan_id
)
SELECT p.plan_id, p.number, p.issuer, p.year, p.issued_date, p.signer,
       coalesce(e.activities, 0) AS activities, p.source_file, p.source,
       p.province_shown AS province,
       coalesce(p.province_2025, '') = 'Trung ương' AS central,
       coalesce(a.activities, 0) AS matched_activities, coalesce(a.with_lead, 0) AS with_lead,
       CASE WHEN coalesce(l.named, 0) = 0 THEN 'none'
            WHEN l.firm = 0 THEN 'conditional' ELSE 'stated' END AS budget_status,
       (len($themes) = 0 AND len($units) = 0) OR a.plan_id IS NOT NULL AS matched,
       p.title
FROM p
LEFT JOIN acts a USING (plan_id)
LEFT JOIN every e USING (plan_id)
LEFT JOIN lines l USING (plan_id)
ORDER BY p.year, p.province_shown COLLATE vi, p.plan_id
