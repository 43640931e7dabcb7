-- title_vi: Tỷ lệ hoạt động có thời gian thực hiện
-- title_en: Share of activities with a timeframe
-- description_en: Ratio rule: num = activities with a timeframe written (the Thời gian cell, or start/end dates in the workbook), den = activities; evidence = the activities without one.
-- param: plan_ids text[] []
SELECT
    plan_id,
    count(*) FILTER (WHERE nullif(trim(timeframe), '') IS NOT NULL OR dates_from = 'workbook') AS num,
    count(*) AS den,
    list({'tbl': 'activities', 'key': activity_id, 'text': title} ORDER BY seq)
        FILTER (WHERE nullif(trim(timeframe), '') IS NULL AND dates_from <> 'workbook') AS evidence
FROM activities
WHERE list_contains($plan_ids, plan_id)
GROUP BY plan_id
