-- title_vi: Các hoạt động của một kế hoạch trên trục thời gian
-- title_en: One plan's activities on a time axis
-- description_vi: Các hoạt động (thỏa bộ lọc) của kế hoạch plan_id theo thứ tự trong kế hoạch: mốc thời gian như ghi, ngày bắt đầu và kết thúc, thường xuyên hay không, mốc thời gian có hiểu được không, ngày lấy từ đâu ('workbook', 'timeframe', 'none') và đơn vị chủ trì.
-- description_en: The activities (matching the filters) of plan plan_id in plan order: timeframe as written, start and end dates, recurring or not, whether the timeframe was understood, where the dates come from ('workbook', 'timeframe', 'none') and the lead units.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: plan_id text ""
WITH acts AS (
    SELECT *
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
    WHERE plan_id = $plan_id
),
leads AS (
    SELECT u.activity_id, string_agg(u.unit, '; ') AS lead_units
    FROM activity_units u
    WHERE u.plan_id = $plan_id AND u.role = 'lead'
    GROUP BY u.activity_id
)
SELECT
    a.plan_id, a.activity_id, a.seq, a.section, a.title, a.timeframe, a.start_date, a.end_date,
    a.recurring, a.timeframe_parsed, a.dates_from, l.lead_units
FROM acts a
LEFT JOIN leads l USING (activity_id)
ORDER BY a.seq
