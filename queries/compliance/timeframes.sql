-- title_vi: Tỷ lệ hoạt động có thời gian thực hiện
-- title_en: Share of activities with a timeframe
-- description_en: Ratio rule: num = activities with a timeframe written (the Thời gian cell, or start/end dates in the workbook), den = activities; evidence = the activities without one.
-- param: plan_ids text[] []
SELECT
    plan_id,
    count(*) FILTER (WHERE nullif(trim(timeframe), '') IS NOT NULL OR dates_from = 'workbook') AS num,
    count(*) AS den,
    list_slice(list({'tbl': 'activities', 'key': activity_id, 'text': title} ORDER BY seq)
        FILTER (WHERE nullif(trim(timeframe), '') IS NULL AND dates_from <> 'workbook'), 1, 10) AS evidence,
    count(*) FILTER (WHERE nullif(trim(timeframe), '') IS NULL AND dates_from <> 'workbook') AS hits
FROM activities
WHERE plan_id IN (SELECT unnest($plan_ids))
GROUP BY plan_id
