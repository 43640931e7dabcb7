-- title_vi: Số kế hoạch thỏa bộ lọc
-- title_en: Plans matching the filters
-- description_vi: Số kế hoạch, tỉnh/thành và năm thỏa bộ lọc năm, tỉnh/thành, cấp ban hành (để báo "không có kế hoạch nào" thay vì biểu đồ rỗng).
-- description_en: Plans, provinces and years matching the year, province and level filters (to say "no plan matches" instead of drawing an empty chart).
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
SELECT count(*) AS plans, count(DISTINCT province_shown) AS provinces, count(DISTINCT year) AS years
FROM f_plans($years, $provinces, $province_mode, $levels)
