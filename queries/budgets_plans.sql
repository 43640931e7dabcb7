-- title_vi: Kinh phí của từng kế hoạch
-- title_en: The budget of each plan
-- description_vi: Mỗi kế hoạch thỏa bộ lọc: tình trạng nguồn kinh phí ('stated' = nêu nguồn; 'conditional' = chỉ nguồn "nếu có"; 'none' = không nêu nguồn nào), các nguồn như ghi và theo tên chuẩn, ghi chú, tổng số tiền ghi ở mục Kinh phí (đồng), số hoạt động, số hoạt động ghi kinh phí và tổng kinh phí các hoạt động. Bộ lọc chủ đề/đơn vị giữ lại các kế hoạch có ít nhất một hoạt động thỏa bộ lọc.
-- description_en: Each plan matching the filters: its budget status ('stated' = names a source; 'conditional' = only sources "if any" (nếu có); 'none' = names no source), its sources as written and as canonical names, notes, the total amount stated in the Budget section (VND), its activities, those stating an amount and their total. The theme/unit filters keep the plans with at least one matching activity.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH acts AS (
    SELECT plan_id, count(*) AS activities, count(budget_vnd) AS with_amount,
           sum(budget_vnd)::BIGINT AS amount
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
    GROUP BY plan_id
),
scope AS (
    SELECT p.*, a.activities, a.with_amount, a.amount AS activity_amount
    FROM f_plans($years, $provinces, $province_mode, $levels) p
    LEFT JOIN acts a USING (plan_id)
    WHERE (len($themes) = 0 AND len($units) = 0) OR a.plan_id IS NOT NULL
),
lines AS (
    SELECT b.plan_id,
           count(*) FILTER (WHERE b.budget_code <> 'khong_neu') AS named,
           count(*) FILTER (WHERE b.budget_code <> 'khong_neu' AND NOT b.conditional) AS firm,
           string_agg(b.source, '; ' ORDER BY b.seq) AS sources,
           string_agg(DISTINCT c.name_vi, '; ' ORDER BY c.name_vi) AS sources_vi,
           string_agg(DISTINCT c.name_en, '; ' ORDER BY c.name_en) AS sources_en,
           string_agg(b.note, ' | ' ORDER BY b.seq) AS notes,
           sum(b.amount_vnd)::BIGINT AS amount_vnd
    FROM budgets b
    JOIN scope s USING (plan_id)
    JOIN budget_codes c USING (budget_code)
    GROUP BY b.plan_id
)
SELECT
    s.plan_id, s.number, s.province_shown AS province, s.year, s.issuer, s.issuer_level,
    CASE WHEN coalesce(l.named, 0) = 0 THEN 'none'
         WHEN l.firm = 0 THEN 'conditional'
         ELSE 'stated' END AS status,
    l.sources, l.sources_vi, l.sources_en, l.notes, l.amount_vnd,
    coalesce(s.activities, 0) AS activities,
    coalesce(s.with_amount, 0) AS activities_with_amount,
    s.activity_amount AS activity_amount_vnd
FROM scope s
LEFT JOIN lines l USING (plan_id)
ORDER BY s.year, s.province_shown COLLATE vi, s.plan_id
