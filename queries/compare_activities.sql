-- title_vi: So sánh: hoạt động của từng đối tượng theo chủ đề, loại đơn vị chủ trì, quý và đơn vị
-- title_en: Compare: each entity's activities by theme, lead-unit type, quarter and unit
-- description_vi: Một dòng cho mỗi đối tượng so sánh (c_mode: 'province' tỉnh/thành, 'plan' kế hoạch, 'year' các năm của một tỉnh; c_keys) × chiều (dimension) × giá trị (key): 'total' tổng số hoạt động (chỉ hoạt động thật); 'theme' số hoạt động thuộc chủ đề (mã); 'lead_type' số hoạt động có ít nhất một đơn vị chủ trì thuộc loại đó ('' = không có đơn vị chủ trì); 'quarter' số hoạt động theo quý của ngày kết thúc ('1'–'4', 'recurring' thường xuyên, 'none' không có ngày); 'unit' số hoạt động mà đơn vị cụ thể (tên chuẩn, trừ cách ghi chung và không rõ) chủ trì hoặc phối hợp.
-- description_en: One row per compared entity (c_mode: 'province', 'plan', or 'year' for one province's years; c_keys) × dimension × key: 'total' its activities (real ones only); 'theme' activities with the theme (code); 'lead_type' activities with at least one lead unit of the type ('' = no lead unit); 'quarter' activities by the quarter of their end date ('1'–'4', 'recurring', 'none' without dates); 'unit' activities a named unit (canonical; collective wording and unknown units left out) leads or cooperates on.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: c_mode text "province"
-- param: c_keys text[] []
WITH ent AS (
    SELECT plan_id, entity
    FROM f_compare_plans($c_mode, $c_keys, $years, $provinces, $province_mode, $levels)
),
acts AS MATERIALIZED (
    SELECT a.plan_id, a.activity_id, e.entity,
           CASE WHEN a.recurring THEN 'recurring'
                WHEN a.end_date IS NULL THEN 'none'
                ELSE CAST(quarter(a.end_date) AS VARCHAR) END AS quarter
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    JOIN ent e USING (plan_id)
),
links AS MATERIALIZED (  -- the unit links of these plans only (joined to acts below)
    SELECT u.plan_id, u.activity_id, u.role, u.unit_canonical, u.unit_type
    FROM activity_units u WHERE u.plan_id IN (SELECT plan_id FROM ent)
),
leads AS (
    SELECT DISTINCT plan_id, activity_id, unit_type FROM links WHERE role = 'lead'
),
named AS (
    SELECT DISTINCT plan_id, activity_id, unit_canonical FROM links
    WHERE unit_type NOT IN ('nhóm', 'khác')
)
SELECT entity, 'total' AS dimension, '' AS key, count(*) AS activities FROM acts GROUP BY entity
UNION ALL
-- (plan_id, activity_id, theme_code) is unique: a link count is an activity count
SELECT a.entity, 'theme', t.theme_code, count(*)
FROM acts a JOIN activity_themes t USING (plan_id, activity_id) GROUP BY ALL
UNION ALL
SELECT a.entity, 'lead_type', coalesce(l.unit_type, ''), count(*)
FROM acts a LEFT JOIN leads l USING (plan_id, activity_id) GROUP BY ALL
UNION ALL
SELECT entity, 'quarter', quarter, count(*) FROM acts GROUP BY ALL
UNION ALL
SELECT a.entity, 'unit', n.unit_canonical, count(*)
FROM acts a JOIN named n USING (plan_id, activity_id) GROUP BY ALL
