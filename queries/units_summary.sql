-- title_vi: Tổng quan phân công đơn vị trong các hoạt động
-- title_en: Overview of units in the activities
-- description_vi: Số kế hoạch thỏa bộ lọc; với các hoạt động thỏa bộ lọc: tổng số, số có đơn vị chủ trì cụ thể, số chỉ có cách ghi chung làm chủ trì, số không ghi đơn vị chủ trì, số không ghi đơn vị nào, và số đơn vị cụ thể (tên chuẩn) được nhắc đến.
-- description_en: Plans matching the filters; for the activities matching the filters: all, those with a named lead unit, those whose only lead is collective wording, those with no lead unit, those with no unit at all, and the number of named units (canonical) mentioned.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH per AS (
    -- one row per activity that names at least one unit
    SELECT plan_id, activity_id,
           bool_or(role = 'lead' AND unit_type NOT IN ('nhóm', 'khác')) AS named_lead,
           bool_or(role = 'lead') AS any_lead
    FROM f_activity_units($years, $provinces, $province_mode, $levels, $themes, $units)
    GROUP BY plan_id, activity_id
),
linked AS (
    SELECT count(*) FILTER (WHERE named_lead) AS named_lead,
           count(*) FILTER (WHERE any_lead AND NOT named_lead) AS other_lead_only,
           count(*) FILTER (WHERE any_lead) AS any_lead,
           count(*) AS any_unit
    FROM per
),
totals AS (
    SELECT (SELECT count(*) FROM f_plans($years, $provinces, $province_mode, $levels)) AS plans,
           (SELECT count(*) FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)) AS activities,
           (SELECT count(DISTINCT unit_canonical) FROM f_activity_units($years, $provinces, $province_mode, $levels, $themes, $units)
            WHERE unit_type NOT IN ('nhóm', 'khác')) AS named_units
)
SELECT
    t.plans, t.activities, l.named_lead, l.other_lead_only,
    t.activities - l.any_lead AS no_lead,
    t.activities - l.any_unit AS no_unit,
    t.named_units
FROM totals t, linked l
