-- title_vi: So sánh: hoạt động theo loại đơn vị chủ trì
-- title_en: Compare: activities by the type of their lead unit
-- description_vi: Mỗi đối tượng so sánh × loại đơn vị chủ trì: số hoạt động có ít nhất một đơn vị chủ trì thuộc loại đó và tỷ lệ trên tổng số hoạt động của đối tượng; unit_type NULL = hoạt động không có đơn vị chủ trì. Một hoạt động có thể có nhiều đơn vị chủ trì.
-- description_en: Each compared entity × lead-unit type: activities with at least one lead unit of that type and their share of the entity's activities; unit_type NULL = activities without a lead unit. An activity may have several lead units.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
-- param: c_mode text "province"
-- param: c_keys text[] []
WITH ent AS (
    SELECT plan_id, entity FROM f_compare_plans($c_mode, $c_keys, $years, $provinces, $province_mode, $levels)
),
acts AS (
    SELECT a.plan_id, a.activity_id, e.entity
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units) a
    JOIN ent e USING (plan_id)
),
totals AS (SELECT entity, count(*) AS total FROM acts GROUP BY entity),
typed AS (
    SELECT DISTINCT a.entity, a.plan_id, a.activity_id, u.unit_type
    FROM acts a LEFT JOIN activity_units u
      ON u.plan_id = a.plan_id AND u.activity_id = a.activity_id AND u.role = 'lead'
)
SELECT t.entity, t.unit_type, count(*) AS activities, s.total,
       count(*) / s.total AS share
FROM typed t JOIN totals s USING (entity)
GROUP BY t.entity, t.unit_type, s.total
ORDER BY t.entity, t.unit_type NULLS LAST
