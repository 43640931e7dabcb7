-- title_vi: Điểm nổi bật: mỗi kế hoạch với số hoạt động, đơn vị chủ trì và kinh phí
-- title_en: What stands out: each plan with its activities, lead units and budget
-- description_vi: Mỗi kế hoạch thỏa bộ lọc: tỉnh/thành, năm, số hoạt động (chỉ hoạt động thật), số hoạt động có đơn vị chủ trì, tình trạng kinh phí ('none' không nêu nguồn, 'conditional' chỉ "nếu có", 'stated' có nêu) và central (kế hoạch của cơ quan trung ương).
-- description_en: Each plan under the filters: province, year, activities (real ones only), activities with a lead unit, budget status ('none' no source named, 'conditional' only "if any", 'stated') and central (a central body's plan).
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH leads AS (
    SELECT DISTINCT plan_id, activity_id FROM activity_units WHERE role = 'lead'
),
acts AS (
    SELECT a.plan_id, count(*) AS activities, count(l.activity_id) AS with_lead
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    LEFT JOIN leads l USING (plan_id, activity_id)
    GROUP BY a.plan_id
),
lines AS (
    SELECT plan_id,
           count(*) FILTER (WHERE budget_code <> 'khong_neu') AS named,
           count(*) FILTER (WHERE budget_code <> 'khong_neu' AND NOT conditional) AS firm
    FROM budgets
    GROUP BY plan_id
)
SELECT p.plan_id, p.number AS plan_number, p.issuer, p.province_shown AS province, p.year,
       coalesce(p.province_2025, '') = 'Trung ương' AS central,
       coalesce(a.activities, 0) AS activities, coalesce(a.with_lead, 0) AS with_lead,
       CASE WHEN coalesce(l.named, 0) = 0 THEN 'none'
            WHEN l.firm = 0 THEN 'conditional' ELSE 'stated' END AS budget_status
FROM f_plans($years, $provinces, $province_mode, $levels) p
LEFT JOIN acts a USING (plan_id)
LEFT JOIN lines l USING (plan_id)
WHERE (len($themes) = 0 AND len($units) = 0) OR a.plan_id IS NOT NULL
ORDER BY p.year, p.province_shown COLLATE vi, p.plan_id
