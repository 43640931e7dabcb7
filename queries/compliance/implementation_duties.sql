-- title_vi: Mục Tổ chức thực hiện giao nhiệm vụ cho từng đơn vị
-- title_en: An implementation section with duties per unit
-- description_en: Value: the number of distinct units given a duty in the plan's "Tổ chức thực hiện" section (assignments rows with a duty). Evidence: the first duty of each unit.
-- param: plan_ids text[] []
WITH firsts AS (
    SELECT plan_id, unit_canonical, min(seq) AS seq
    FROM assignments
    WHERE plan_id IN (SELECT unnest($plan_ids)) AND trim(duty) <> ''
    GROUP BY ALL
)
SELECT
    a.plan_id,
    count(DISTINCT a.unit_canonical)::DOUBLE AS value,
    NULL AS note, NULL AS note_en,
    list_slice(list({'tbl': 'assignments', 'key': CAST(a.seq AS VARCHAR),
          'text': a.unit || ': ' || a.duty} ORDER BY a.seq), 1, 10) AS evidence,
    count(*) AS hits
FROM assignments a
JOIN firsts f USING (plan_id, unit_canonical, seq)
GROUP BY a.plan_id
