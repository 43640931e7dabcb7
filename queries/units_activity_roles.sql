-- title_vi: Số hoạt động mỗi đơn vị chủ trì và phối hợp
-- title_en: Activities each unit leads and cooperates on
-- description_vi: Theo tên chuẩn của đơn vị: số hoạt động chủ trì, số hoạt động phối hợp, tổng số hoạt động và số kế hoạch có nhắc đến, kèm loại đơn vị và nhóm hiển thị (kind: 'named' đơn vị cụ thể, 'collective' cách ghi chung như "Các sở, ban, ngành", 'unknown' không rõ hoặc không nhận ra). Khi lọc theo đơn vị, chỉ các đơn vị được chọn được đếm.
-- description_en: Per canonical unit: activities led, activities cooperated on, all activities and plans that mention it, with the unit type and display group (kind: 'named' a specific unit, 'collective' wording such as "Các sở, ban, ngành", 'unknown' unknown or unrecognised). With a unit filter only the chosen units are counted.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH roles AS (
    SELECT * FROM f_unit_roles($years, $provinces, $province_mode, $levels, $themes, $units)
),
counts AS (
    SELECT unit_canonical,
           min(unit_type) AS unit_type,
           count(*) FILTER (WHERE is_lead) AS lead,
           count(*) FILTER (WHERE is_coop) AS cooperating,
           count(*) AS activities,
           count(DISTINCT plan_id) AS plans
    FROM roles
    WHERE len($units) = 0 OR list_contains($units, unit_canonical)
    GROUP BY unit_canonical
)
SELECT unit_canonical, unit_type, CASE unit_type WHEN 'nhóm' THEN 'collective' WHEN 'khác' THEN 'unknown' ELSE 'named' END AS kind, lead, cooperating, activities, plans
FROM counts
ORDER BY activities DESC, lead DESC, unit_canonical COLLATE vi
