-- title_vi: Danh sách kế hoạch và nguồn
-- title_en: Plans and their sources
-- description_vi: Mỗi kế hoạch đã nạp: số hiệu, cơ quan, năm, ngày ban hành, số hoạt động và tệp nguồn.
-- description_en: Every loaded plan: number, issuer, year, issue date, activity count and source file.
SELECT
    p.plan_id, p.number, p.title, p.issuer, p.issuer_level,
    coalesce(p.province_canonical, p.province) AS province, p.province_2025,
    p.year, p.issued_date, p.signer, p.source, p.source_file,
    (SELECT count(*) FROM activities a WHERE a.plan_id = p.plan_id) AS activities,
    p.loaded_at
FROM plans p
ORDER BY p.year, p.province COLLATE vi, p.plan_id
