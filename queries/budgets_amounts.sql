-- title_vi: Số tiền kinh phí theo tỉnh/thành và năm
-- title_en: Budget amounts by province and year
-- description_vi: Ở những nơi có ghi số tiền (đồng): tổng số tiền ghi ở mục Kinh phí của kế hoạch và số kế hoạch có ghi; tổng kinh phí ghi ở từng hoạt động và số hoạt động có ghi. Hai con số được giữ riêng để không cộng trùng. Bộ lọc chủ đề/đơn vị giữ lại các kế hoạch có ít nhất một hoạt động thỏa bộ lọc; kinh phí hoạt động chỉ tính các hoạt động thỏa bộ lọc.
-- description_en: Where an amount is written (VND): the total stated in the plans' Budget section and how many plans state one; the total written against single activities and how many activities do. The two are kept apart so nothing is counted twice. The theme/unit filters keep the plans with at least one matching activity; activity amounts count matching activities only.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH acts AS (
    SELECT plan_id, count(budget_vnd) AS with_amount, sum(budget_vnd) AS amount
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
    GROUP BY plan_id
),
stated AS (
    SELECT plan_id, sum(amount_vnd) AS amount
    FROM budgets
    WHERE amount_vnd IS NOT NULL
    GROUP BY plan_id
),
per_plan AS (
    SELECT p.province_shown AS province, p.year, s.amount AS plan_amount,
           a.with_amount, a.amount AS activity_amount
    FROM f_plans($years, $provinces, $province_mode, $levels) p
    LEFT JOIN acts a USING (plan_id)
    LEFT JOIN stated s USING (plan_id)
    WHERE (len($themes) = 0 AND len($units) = 0) OR a.plan_id IS NOT NULL
)
SELECT
    province, year,
    coalesce(sum(plan_amount), 0)::BIGINT AS plan_amount_vnd,
    count(plan_amount) AS plans_with_amount,
    coalesce(sum(activity_amount), 0)::BIGINT AS activity_amount_vnd,
    coalesce(sum(with_amount), 0)::BIGINT AS activities_with_amount
FROM per_plan
GROUP BY province, year
HAVING count(plan_amount) > 0 OR sum(with_amount) > 0
ORDER BY province COLLATE vi, year
