-- title_vi: Các chỉ số tổng quan
-- title_en: Overview figures
-- description_vi: Số kế hoạch, tỉnh/thành (không tính cơ quan trung ương; số kế hoạch của cơ quan trung ương đếm riêng), năm, hoạt động, đơn vị (theo tên chuẩn) và chủ đề được đề cập, theo bộ lọc.
-- description_en: Number of plans, provinces (central bodies not counted; their plans are counted apart), years, activities, units (canonical names) and themes covered, under the filters.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH p AS (SELECT * FROM f_plans($years, $provinces, $province_mode, $levels)),
a AS (SELECT plan_id, activity_id FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units))
SELECT
    (SELECT count(*) FROM p) AS plans,
    (SELECT count(DISTINCT province_shown) FROM p WHERE province_shown <> 'Trung ương') AS provinces,
    (SELECT count(*) FROM p WHERE province_shown = 'Trung ương') AS central_plans,
    (SELECT count(DISTINCT year) FROM p) AS years,
    (SELECT count(*) FROM a) AS activities,
    (SELECT count(DISTINCT unit_canonical) FROM (
        SELECT u.unit_canonical FROM activity_units u SEMI JOIN a USING (plan_id, activity_id)
        UNION SELECT s.unit_canonical FROM assignments s SEMI JOIN p USING (plan_id))) AS units,
    (SELECT count(DISTINCT t.theme_code) FROM activity_themes t SEMI JOIN a USING (plan_id, activity_id))
        AS themes
