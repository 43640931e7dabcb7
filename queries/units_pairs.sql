-- title_vi: Đơn vị nào làm việc cùng nhau (cặp chủ trì → phối hợp)
-- title_en: Which units work together (lead → cooperating pairs)
-- description_vi: Mỗi cặp đơn vị chủ trì → đơn vị phối hợp trong cùng một hoạt động (tên chuẩn): số hoạt động và số kế hoạch, kèm loại và nhóm hiển thị của hai bên (kind: named, collective, unknown). Khi lọc theo đơn vị, chỉ các cặp có một bên là đơn vị được chọn.
-- description_en: Each lead → cooperating pair of units in the same activity (canonical names): activities and plans, with each side's type and display group (kind: named, collective, unknown). With a unit filter, only pairs where one side is a chosen unit.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH roles AS (
    SELECT * FROM f_unit_roles($years, $provinces, $province_mode, $levels, $themes, $units)
),
pairs AS (
    -- roles has one row per activity and unit, so a pair counts each activity once
    SELECT
        l.unit_canonical AS lead_unit, min(l.unit_type) AS lead_type,
        c.unit_canonical AS coop_unit, min(c.unit_type) AS coop_type,
        count(*) AS activities,
        count(DISTINCT l.plan_id) AS plans
    FROM roles l
    JOIN roles c ON c.plan_id = l.plan_id AND c.activity_id = l.activity_id
    WHERE l.is_lead AND c.is_coop
      AND l.unit_canonical <> c.unit_canonical
      AND (len($units) = 0 OR list_contains($units, l.unit_canonical)
           OR list_contains($units, c.unit_canonical))
    GROUP BY l.unit_canonical, c.unit_canonical
)
SELECT
    lead_unit, lead_type,
    CASE lead_type WHEN 'nhóm' THEN 'collective' WHEN 'khác' THEN 'unknown' ELSE 'named' END
        AS lead_kind,
    coop_unit, coop_type,
    CASE coop_type WHEN 'nhóm' THEN 'collective' WHEN 'khác' THEN 'unknown' ELSE 'named' END
        AS coop_kind,
    activities, plans
FROM pairs
ORDER BY activities DESC, lead_unit COLLATE vi, coop_unit COLLATE vi
