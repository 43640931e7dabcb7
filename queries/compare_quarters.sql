-- title_vi: So sánh: hoạt động theo quý đến hạn
-- title_en: Compare: activities by the quarter they fall due
-- description_vi: Mỗi đối tượng so sánh × quý của ngày kết thúc (1–4; 'recurring' hoạt động thường xuyên; 'none' không có ngày): số hoạt động và tỷ lệ trên tổng số hoạt động của đối tượng.
-- description_en: Each compared entity × quarter of the end date (1–4; 'recurring' for recurring activities; 'none' without dates): activities and their share of the entity's activities.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: c_mode text "province"
-- param: c_keys text[] []
WITH ent AS (
    SELECT plan_id, entity FROM f_compare_plans($c_mode, $c_keys, $years, $provinces, $province_mode, $levels)
),
acts AS (
    SELECT e.entity,
           CASE WHEN a.recurring THEN 'recurring'
                WHEN a.end_date IS NULL THEN 'none'
                ELSE CAST(quarter(a.end_date) AS VARCHAR) END AS quarter
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    JOIN ent e USING (plan_id)
),
totals AS (SELECT entity, count(*) AS total FROM acts GROUP BY entity)
SELECT a.entity, a.quarter, count(*) AS activities, s.total, count(*) / s.total AS share
FROM acts a JOIN totals s USING (entity)
GROUP BY a.entity, a.quarter, s.total
ORDER BY a.entity, a.quarter
