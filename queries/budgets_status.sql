-- title_vi: Kế hoạch không nêu nguồn kinh phí hoặc chỉ ghi "nếu có", theo năm
-- title_en: Plans naming no budget source or only one "if any", by year
-- description_vi: Số kế hoạch mỗi năm theo tình trạng nguồn kinh phí: 'stated' (nêu ít nhất một nguồn không kèm "nếu có"), 'conditional' (chỉ các nguồn ghi "nếu có"), 'none' (không có dòng kinh phí nào, hoặc chỉ "không nêu"); kèm danh sách mã kế hoạch, số kế hoạch ghi số tiền và tổng số tiền ở mục Kinh phí, số hoạt động ghi kinh phí và tổng kinh phí các hoạt động (đồng). Bộ lọc chủ đề/đơn vị giữ lại các kế hoạch có ít nhất một hoạt động thỏa bộ lọc; số liệu hoạt động chỉ tính các hoạt động thỏa bộ lọc.
-- description_en: Plans per year by budget status: 'stated' (at least one source without "if any"), 'conditional' (only sources "if any", nếu có), 'none' (no budget line, or only "not stated"); with the plan ids, the plans stating an amount in their Budget section and its total, the activities stating an amount and their total (VND). The theme/unit filters keep the plans with at least one matching activity; activity figures count matching activities only.
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
lines AS (
    SELECT plan_id,
           count(*) FILTER (WHERE budget_code <> 'khong_neu') AS named,
           count(*) FILTER (WHERE budget_code <> 'khong_neu' AND NOT conditional) AS firm,
           sum(amount_vnd) AS amount
    FROM budgets
    GROUP BY plan_id
),
per_plan AS (
    SELECT p.plan_id, p.year,
           CASE WHEN coalesce(l.named, 0) = 0 THEN 'none'
                WHEN l.firm = 0 THEN 'conditional'
                ELSE 'stated' END AS status,
           l.amount AS plan_amount, a.with_amount, a.amount AS activity_amount
    FROM f_plans($years, $provinces, $province_mode, $levels) p
    LEFT JOIN acts a USING (plan_id)
    LEFT JOIN lines l USING (plan_id)
    WHERE (len($themes) = 0 AND len($units) = 0) OR a.plan_id IS NOT NULL
)
SELECT
    year, status,
    count(*) AS plans,
    list(plan_id ORDER BY plan_id) AS plan_ids,
    count(plan_amount) AS plans_with_amount,
    sum(plan_amount)::BIGINT AS amount_vnd,
    coalesce(sum(with_amount), 0)::BIGINT AS activities_with_amount,
    sum(activity_amount)::BIGINT AS activity_amount_vnd
FROM per_plan
GROUP BY ALL
ORDER BY year, status
