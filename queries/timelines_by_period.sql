-- title_vi: Số hoạt động đến hạn theo quý hoặc tháng
-- title_en: Activities falling due by quarter or month
-- description_vi: Các hoạt động có ngày (không tính hoạt động thường xuyên), đếm theo quý hoặc tháng (grain = 'quarter' hoặc 'month') của ngày kết thúc; kèm số kế hoạch và ngày đầu, ngày cuối của kỳ.
-- description_en: Activities with dates (recurring ones left out), counted by the quarter or month (grain = 'quarter' or 'month') of their end date; with the plans and the first and last day of the period.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: grain text "quarter"
WITH due AS (
    SELECT plan_id, date_trunc(CASE WHEN $grain = 'month' THEN 'month' ELSE 'quarter' END,
                               end_date)::DATE AS period_start
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
    WHERE NOT recurring AND end_date IS NOT NULL
)
SELECT
    period_start,
    (period_start + CASE WHEN $grain = 'month' THEN INTERVAL 1 MONTH ELSE INTERVAL 3 MONTH END
        - INTERVAL 1 DAY)::DATE AS period_end,
    year(period_start) AS year,
    quarter(period_start) AS quarter,
    month(period_start) AS month,
    count(*) AS activities,
    count(DISTINCT plan_id) AS plans
FROM due
GROUP BY period_start
ORDER BY period_start
