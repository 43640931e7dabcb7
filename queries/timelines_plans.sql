-- title_vi: Các kế hoạch và ngày ban hành so với đầu năm kế hoạch
-- title_en: The plans and how late in their year they were issued
-- description_vi: Mỗi kế hoạch thỏa bộ lọc: số hiệu, tỉnh/thành, năm, cơ quan, ngày ban hành và số ngày tính từ 01/01 của năm kế hoạch (âm = ban hành trước năm kế hoạch; trống = không có ngày ban hành) và khi nào ('before_year' trước năm kế hoạch, 'first_quarter' trong quý I, 'after_first_quarter' sau quý I); số hoạt động, số có ngày (assumed: trong đó ngày là giả định, văn bản không nêu), thường xuyên, không có ngày. Bộ lọc chủ đề/đơn vị giữ lại các kế hoạch có ít nhất một hoạt động thỏa bộ lọc.
-- description_en: Each plan matching the filters: number, province, year, issuer, issue date and the days from 1 January of the plan year (negative = issued before the plan year; empty = no issue date) and when ('before_year', 'first_quarter', 'after_first_quarter'); its activities, those with dates (assumed: of which the dates are assumed, not in the text), recurring and undated ones. The theme/unit filters keep the plans with at least one matching activity.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH counts AS (
    SELECT plan_id,
           count(*) AS activities,
           count(*) FILTER (WHERE NOT recurring AND end_date IS NOT NULL) AS dated,
           count(*) FILTER (WHERE NOT recurring AND end_date IS NOT NULL
                            AND dates_from = 'assumed') AS assumed,
           count(*) FILTER (WHERE recurring) AS recurring,
           count(*) FILTER (WHERE start_date IS NULL AND end_date IS NULL) AS undated
    FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
    GROUP BY plan_id
)
SELECT
    p.plan_id, p.number, p.province_shown AS province, p.year, p.issuer, p.issuer_level,
    p.issued_date,
    (p.issued_date - make_date(p.year, 1, 1))::INTEGER AS days_from_year_start,
    CASE WHEN p.issued_date < make_date(p.year, 1, 1) THEN 'before_year'
         WHEN p.issued_date < make_date(p.year, 4, 1) THEN 'first_quarter'
         WHEN p.issued_date IS NOT NULL THEN 'after_first_quarter' END AS issued_when,
    coalesce(c.activities, 0) AS activities,
    coalesce(c.dated, 0) AS dated,
    coalesce(c.assumed, 0) AS assumed,
    coalesce(c.recurring, 0) AS recurring,
    coalesce(c.undated, 0) AS undated
FROM f_plans($years, $provinces, $province_mode, $levels) p
LEFT JOIN counts c USING (plan_id)
WHERE (len($themes) = 0 AND len($units) = 0) OR c.plan_id IS NOT NULL
ORDER BY p.year, p.province_shown COLLATE vi, p.plan_id
