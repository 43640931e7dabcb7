-- title_vi: So sánh: nguồn kinh phí các kế hoạch nêu
-- title_en: Compare: the budget sources the plans name
-- description_vi: Mỗi đối tượng so sánh × nguồn kinh phí (mã chuẩn, ở mục Kinh phí của kế hoạch): số kế hoạch nêu nguồn đó, tổng số kế hoạch của đối tượng, tỷ lệ và số tiền ghi (đồng, nếu có).
-- description_en: Each compared entity × budget source (canonical code, in the plan's Budget section): plans naming it, the entity's plans, the share and the amount written (đồng, if any).
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: c_mode text "province"
-- param: c_keys text[] []
WITH ent AS (
    SELECT plan_id, entity FROM f_compare_plans($c_mode, $c_keys, $years, $provinces, $province_mode, $levels)
),
totals AS (SELECT entity, count(*) AS total FROM ent GROUP BY entity)
SELECT e.entity, b.budget_code, bc.name_vi, bc.name_en,
       count(DISTINCT b.plan_id) AS plans, s.total,
       count(DISTINCT b.plan_id) / s.total AS share,
       sum(b.amount_vnd) AS amount_vnd
FROM ent e
JOIN budgets b USING (plan_id)
JOIN budget_codes bc USING (budget_code)
JOIN totals s USING (entity)
GROUP BY e.entity, b.budget_code, bc.name_vi, bc.name_en, s.total
ORDER BY entity, budget_code
