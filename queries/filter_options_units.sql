-- title_vi: Các đơn vị được nhắc đến (cho bộ lọc)
-- title_en: Units mentioned (filter options)
-- description_vi: Tên chuẩn của các đơn vị chủ trì, phối hợp hoặc được phân công, kèm loại đơn vị, xếp theo thứ tự tiếng Việt.
-- description_en: Canonical names of lead, cooperating or assigned units, with their unit type, in Vietnamese order.
SELECT unit_canonical, any_value(unit_type) AS unit_type
FROM (
    SELECT unit_canonical, unit_type FROM activity_units
    UNION ALL
    SELECT unit_canonical, unit_type FROM assignments
)
GROUP BY unit_canonical
ORDER BY unit_canonical COLLATE vi
