-- title_vi: Nguồn kinh phí của các kế hoạch
-- title_en: Which sources fund the plans
-- description_vi: Mỗi nguồn kinh phí (mã chuẩn) ở mục "Kinh phí" của kế hoạch: số kế hoạch nêu nguồn đó, trong đó số kế hoạch chỉ ghi "nếu có"; số dòng, số kế hoạch có ghi số tiền và tổng số tiền (đồng). Kèm số hoạt động ghi nguồn đó và tổng kinh phí của các hoạt động ấy. Bộ lọc chủ đề/đơn vị giữ lại các kế hoạch có ít nhất một hoạt động thỏa bộ lọc (số liệu hoạt động chỉ tính các hoạt động thỏa bộ lọc).
-- description_en: Each budget source (canonical code) in the plans' "Budget" section: plans naming it, of which plans that name it only "if any" (nếu có); lines, plans stating an amount and the total amount (VND). With the activities naming that source and their total amount. The theme/unit filters keep the plans with at least one matching activity (activity figures count matching activities only).
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH acts AS MATERIALIZED (
    SELECT plan_id, budget_code, count(*) AS activities, count(budget_vnd) AS with_amount,
           sum(budget_vnd) AS amount
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
    GROUP BY ALL
),
scope AS (
    SELECT p.plan_id
    FROM f_plans($years, $provinces, $province_mode, $levels) p
    WHERE (len($themes) = 0 AND len($units) = 0)
       OR p.plan_id IN (SELECT plan_id FROM acts)
),
per_plan AS (
    SELECT b.budget_code, b.plan_id, bool_and(b.conditional) AS conditional_only,
           count(*) AS lines, sum(b.amount_vnd) AS amount_vnd
    FROM budgets b
    JOIN scope s USING (plan_id)
    GROUP BY ALL
),
plan_side AS (
    SELECT budget_code,
           count(*) AS plans,
           count(*) FILTER (WHERE conditional_only) AS plans_conditional,
           sum(lines) AS lines,
           count(amount_vnd) AS plans_with_amount,
           sum(amount_vnd) AS amount_vnd
    FROM per_plan
    GROUP BY ALL
),
activity_side AS (
    SELECT budget_code, sum(activities) AS activities, sum(with_amount) AS activities_with_amount,
           sum(amount) AS activity_amount_vnd
    FROM acts
    WHERE budget_code IS NOT NULL
    GROUP BY ALL
)
SELECT
    c.budget_code, c.name_vi, c.name_en,
    coalesce(p.plans, 0) AS plans,
    coalesce(p.plans, 0) - coalesce(p.plans_conditional, 0) AS plans_firm,
    coalesce(p.plans_conditional, 0) AS plans_conditional,
    coalesce(p.lines, 0)::BIGINT AS lines,
    coalesce(p.plans_with_amount, 0) AS plans_with_amount,
    p.amount_vnd::BIGINT AS amount_vnd,
    coalesce(a.activities, 0)::BIGINT AS activities,
    coalesce(a.activities_with_amount, 0)::BIGINT AS activities_with_amount,
    a.activity_amount_vnd::BIGINT AS activity_amount_vnd
FROM budget_codes c
LEFT JOIN plan_side p USING (budget_code)
LEFT JOIN activity_side a USING (budget_code)
ORDER BY plans DESC, activities DESC, c.name_vi COLLATE vi
