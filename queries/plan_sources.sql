-- title_vi: Danh sách kế hoạch và nguồn
-- title_en: Plans and their sources
-- description_vi: Mỗi kế hoạch thỏa bộ lọc: số hiệu, cơ quan, năm, ngày ban hành, số hoạt động và tệp nguồn.
-- description_en: Every plan under the filters: number, issuer, year, issue date, activity count and source file.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
SELECT
    p.plan_id, p.number, p.title, p.issuer, p.issuer_level,
    p.province_shown AS province, p.province_2025,
    p.year, p.issued_date, p.signer, p.source, p.source_file,
    (SELECT count(*) FROM activities a WHERE a.plan_id = p.plan_id) AS activities,
    p.loaded_at
FROM f_plans($years, $provinces, $province_mode, $levels) p
ORDER BY p.year, p.province_shown COLLATE vi, p.plan_id
