-- title_vi: Các năm có thể xếp hạng
-- title_en: Years that can be ranked
-- description_vi: Các năm có kế hoạch của tỉnh/thành (không tính cơ quan trung ương) thỏa bộ lọc, mới nhất trước.
-- description_en: The years with plans of provinces (not central bodies) under the filters, latest first.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
SELECT DISTINCT year
FROM f_plans($years, $provinces, $province_mode, $levels)
WHERE province_shown <> 'Trung ương'
ORDER BY year DESC
