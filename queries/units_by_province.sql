-- title_vi: Đơn vị theo tỉnh/thành
-- title_en: Units by province
-- description_vi: Mỗi tỉnh/thành × mỗi đơn vị (tên chuẩn): số hoạt động chủ trì, phối hợp, tổng, và thứ hạng của đơn vị trong tỉnh theo số hoạt động chủ trì rồi tổng số. Tỉnh/thành theo cách ghi hoặc theo 34 tỉnh/thành sau 2025 (province_mode).
-- description_en: Each province × each unit (canonical name): activities led, cooperated on, all, and the unit's rank in the province by activities led, then by all. Provinces as written or as the 34 after 2025 (province_mode).
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
    SELECT province, unit_canonical,
           min(unit_type) AS unit_type,
           count(*) FILTER (WHERE is_lead) AS lead,
           count(*) FILTER (WHERE is_coop) AS cooperating,
           count(*) AS activities
    FROM roles
    WHERE len($units) = 0 OR list_contains($units, unit_canonical)
    GROUP BY province, unit_canonical
)
SELECT
    province, unit_canonical, unit_type, CASE unit_type WHEN 'nhóm' THEN 'collective' WHEN 'khác' THEN 'unknown' ELSE 'named' END AS kind, lead, cooperating, activities,
    row_number() OVER (PARTITION BY province
                       ORDER BY lead DESC, activities DESC, unit_canonical COLLATE vi) AS rank
FROM counts
ORDER BY province COLLATE vi, rank
