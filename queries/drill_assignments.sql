-- title_vi: Các nhiệm vụ được phân công đằng sau một cột hoặc lựa chọn
-- title_en: The assigned duties behind a bar or choice
-- description_vi: Nhiệm vụ trong phần "Tổ chức thực hiện" của các kế hoạch thỏa bộ lọc (năm, tỉnh, cấp, đơn vị) và các điều kiện chi tiết, kèm kế hoạch và nguồn (tệp, trang, dòng). Bộ lọc chủ đề không áp dụng cho phân công.
-- description_en: Duties from the plans' "Organisation" section that match the filters (years, provinces, level, units) and the drill conditions, with plan and source (file, sheet, row). The theme filter does not apply to assignments.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: units text[] []
-- param: d_plans text[] []
-- param: d_years int[] []
-- param: d_provinces text[] []
-- param: d_units text[] []
-- param: d_roles text[] []
-- param: d_unit_types text[] []
-- param: d_limit int 500
SELECT
    p.plan_id, p.number AS plan_number, p.issuer, p.year, p.province_shown AS province,
    s.seq, s.unit, s.unit_canonical, s.unit_type, s.role, s.duty,
    s.source_file, s.source_sheet, s.source_row,
    count(*) OVER () AS total
FROM assignments s
JOIN f_plans($years, $provinces, $province_mode, $levels) p USING (plan_id)
WHERE (len($units) = 0 OR list_contains($units, s.unit_canonical))
  AND (len($d_plans) = 0 OR list_contains($d_plans, s.plan_id))
  AND (len($d_years) = 0 OR list_contains($d_years, p.year))
  AND (len($d_provinces) = 0 OR list_contains($d_provinces, p.province_shown))
  AND (len($d_units) = 0 OR list_contains($d_units, s.unit_canonical))
  AND (len($d_roles) = 0 OR list_contains($d_roles, s.role))
  AND (len($d_unit_types) = 0 OR list_contains($d_unit_types, s.unit_type))
ORDER BY p.year, p.province_shown COLLATE vi, s.plan_id, s.seq
LIMIT $d_limit
