-- title_vi: So sánh: các đối tượng được chọn và kế hoạch của chúng
-- title_en: Compare: the chosen entities and their plans
-- description_vi: Mỗi kế hoạch của các đối tượng so sánh (c_mode: 'province' tỉnh/thành, 'plan' kế hoạch, 'year' các năm của một tỉnh; c_keys: tên tỉnh, mã kế hoạch hoặc năm) thỏa bộ lọc năm và cấp, với số hiệu, cơ quan ban hành, năm và ngày ban hành.
-- description_en: Each plan of the compared entities (c_mode: 'province', 'plan', or 'year' for one province's years; c_keys: province names, plan ids or years) under the year and level filters, with number, issuer, year and issue date.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: c_mode text "province"
-- param: c_keys text[] []
SELECT c.entity, c.plan_id, c.number AS plan_number, c.issuer, c.year, c.province_shown AS province,
       c.issued_date
FROM f_compare_plans($c_mode, $c_keys, $years, $provinces, $province_mode, $levels) c
ORDER BY c.entity, c.year, c.plan_id
