-- title_vi: Kế hoạch cần đối chiếu
-- title_en: Plans to check
-- description_en: The plans checked, with what decides which criteria apply (issuer level, year, province and its reference row).
-- param: plan_ids text[] []
SELECT
    p.plan_id, p.number, p.title, p.issuer, p.issuer_level, p.year, p.issued_date,
    coalesce(p.province_canonical, p.province) AS province,
    coalesce(p.province_2025, p.province_canonical, p.province) AS province_2025,
    to_json(pr) AS province_info
FROM plans p
LEFT JOIN provinces pr ON pr.province = p.province_canonical
WHERE p.plan_id IN (SELECT unnest($plan_ids))
ORDER BY p.plan_id
