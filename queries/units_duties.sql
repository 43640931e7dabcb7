-- title_vi: Số nhiệm vụ được phân công cho mỗi đơn vị
-- title_en: Duties assigned to each unit
-- description_vi: Từ phần "Tổ chức thực hiện" (bảng assignments): theo tên chuẩn của đơn vị, số nhiệm vụ với vai trò chủ trì, phối hợp, thực hiện, tổng số nhiệm vụ và số kế hoạch. Áp dụng bộ lọc năm, tỉnh, cấp và đơn vị; bộ lọc chủ đề không áp dụng cho phân công.
-- description_en: From the plans' "Organisation" section (assignments table): per canonical unit, duties as lead, cooperating and executing, all duties and plans. The year, province, level and unit filters apply; the theme filter does not apply to assignments.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: units text[] []
WITH counts AS (
    SELECT
        s.unit_canonical,
        mode(s.unit_type) AS unit_type,
        count(*) FILTER (WHERE s.role = 'lead') AS lead,
        count(*) FILTER (WHERE s.role = 'cooperating') AS cooperating,
        count(*) FILTER (WHERE s.role = 'executing') AS executing,
        count(*) AS duties,
        count(DISTINCT s.plan_id) AS plans
    FROM assignments s
    JOIN f_plans($years, $provinces, $province_mode, $levels) p USING (plan_id)
    WHERE len($units) = 0 OR list_contains($units, s.unit_canonical)
    GROUP BY s.unit_canonical
)
SELECT unit_canonical, unit_type, CASE unit_type WHEN 'nhóm' THEN 'collective' WHEN 'khác' THEN 'unknown' ELSE 'named' END AS kind, lead, cooperating, executing, duties, plans
FROM counts
ORDER BY duties DESC, unit_canonical COLLATE vi
