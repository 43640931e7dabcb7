-- title_vi: Kế hoạch để đối chiếu
-- title_en: Plans to check against the guidance
-- description_vi: Các kế hoạch thỏa bộ lọc (năm, tỉnh, cấp) với tỉnh hiển thị, năm, số hiệu, cơ quan và ngày ban hành; trang Đối chiếu hướng dẫn và Xếp hạng lấy kết quả đối chiếu của các kế hoạch này.
-- description_en: The plans under the filters (years, provinces, levels) with the province shown, year, number, issuer and issue date; the Compliance and Ranking pages take these plans' compliance results.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
SELECT
    p.plan_id, p.number, p.title, p.issuer, p.issuer_level,
    p.province_shown AS province, p.year, p.issued_date
FROM f_plans($years, $provinces, $province_mode, $levels) p
ORDER BY p.province_shown COLLATE vi, p.year, p.plan_id
