-- title_vi: So sánh: các đơn vị cụ thể được giao chủ trì hoặc phối hợp
-- title_en: Compare: the named units leading or cooperating
-- description_vi: Mỗi đối tượng so sánh × đơn vị (tên chuẩn, trừ cách ghi chung và đơn vị không rõ): số hoạt động đơn vị chủ trì hoặc phối hợp. Dùng cho bảng khác biệt.
-- description_en: Each compared entity × unit (canonical name; collective wording and unknown units left out): activities the unit leads or cooperates on. For the difference table.
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
)
SELECT e.entity, u.unit_canonical, u.unit_type,
       count(DISTINCT (u.plan_id, u.activity_id)) AS activities
FROM f_activity_units($years, $provinces, $province_mode, $levels, $themes, $units) u
JOIN ent e USING (plan_id)
WHERE u.unit_type NOT IN ('nhóm', 'khác')
GROUP BY ALL
ORDER BY entity, unit_canonical COLLATE vi
