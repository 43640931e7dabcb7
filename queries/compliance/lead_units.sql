-- title_vi: Tỷ lệ hoạt động có đơn vị chủ trì
-- title_en: Share of activities with a lead unit
-- description_en: Ratio rule: num = activities with at least one lead unit (activity_units role 'lead'), den = activities; evidence = the activities without one.
-- param: plan_ids text[] []
WITH led AS (
    SELECT DISTINCT plan_id, activity_id FROM activity_units
    WHERE role = 'lead' AND plan_id IN (SELECT unnest($plan_ids))
)
SELECT
    a.plan_id,
    count(l.activity_id) AS num,
    count(*) AS den,
    list_slice(list({'tbl': 'activities', 'key': a.activity_id, 'text': a.title} ORDER BY a.seq)
        FILTER (WHERE l.activity_id IS NULL), 1, 10) AS evidence,
    count(*) FILTER (WHERE l.activity_id IS NULL) AS hits
FROM activities a
LEFT JOIN led l USING (plan_id, activity_id)
WHERE a.plan_id IN (SELECT unnest($plan_ids))
GROUP BY a.plan_id
