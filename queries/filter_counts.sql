-- title_vi: Số kế hoạch và hoạt động thỏa bộ lọc
-- title_en: Plans and activities matching the filters
-- description_vi: Số kế hoạch (theo năm, tỉnh/thành, cấp ban hành), số tỉnh/thành, số năm và số hoạt động (thêm chủ đề, đơn vị) thỏa bộ lọc: để báo "không có kế hoạch nào" thay vì vẽ biểu đồ rỗng, và cho các ô số liệu.
-- description_en: Plans (by year, province, issuer level), provinces, years and activities (also by theme, unit) matching the filters: to say "no plan matches" instead of drawing an empty chart, and for the figure cards.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
SELECT
    count(*) AS plans,
    count(DISTINCT province_shown) AS provinces,
    count(DISTINCT year) AS years,
    (SELECT count(*) FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units))
        AS activities
FROM f_plans($years, $provinces, $province_mode, $levels)
