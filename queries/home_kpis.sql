-- title_vi: Các chỉ số tổng quan
-- title_en: Overview figures
-- description_vi: Số kế hoạch, tỉnh/thành, năm, hoạt động, đơn vị (theo tên chuẩn) và chủ đề được đề cập.
-- description_en: Number of plans, provinces, years, activities, units (canonical names) and themes covered.
SELECT
    (SELECT count(*) FROM plans) AS plans,
    (SELECT count(DISTINCT coalesce(province_canonical, province)) FROM plans) AS provinces,
    (SELECT count(DISTINCT year) FROM plans) AS years,
    (SELECT count(*) FROM activities) AS activities,
    (SELECT count(DISTINCT unit_canonical) FROM (
        SELECT unit_canonical FROM activity_units
        UNION SELECT unit_canonical FROM assignments)) AS units,
    (SELECT count(DISTINCT theme_code) FROM activity_themes) AS themes
