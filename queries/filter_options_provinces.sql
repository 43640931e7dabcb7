-- title_vi: Các tỉnh/thành có kế hoạch (cho bộ lọc)
-- title_en: Provinces with plans (filter options)
-- description_vi: Tỉnh/thành như ghi trong kế hoạch (tên chuẩn) và tỉnh/thành tương ứng trong 34 tỉnh/thành sau năm 2025, xếp theo thứ tự tiếng Việt.
-- description_en: Provinces as written in the plans (canonical names) and the one they belong to among the 34 after 2025, in Vietnamese order.
SELECT DISTINCT
    coalesce(province_canonical, province) AS province,
    coalesce(province_2025, province_canonical, province) AS province_2025
FROM plans
ORDER BY province COLLATE vi, province_2025 COLLATE vi
