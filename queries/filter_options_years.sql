-- title_vi: Các năm có kế hoạch (cho bộ lọc)
-- title_en: Years with plans (filter options)
-- description_vi: Những năm kế hoạch có trong dữ liệu, tăng dần.
-- description_en: The plan years present in the data, ascending.
SELECT DISTINCT year FROM plans ORDER BY year
