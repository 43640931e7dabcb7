-- title_vi: Kế hoạch ban hành sớm hay muộn, theo năm kế hoạch
-- title_en: How early or late plans were issued, by plan year
-- description_vi: Mỗi năm kế hoạch: số kế hoạch, số có ngày ban hành, số ban hành trước 01/01 của năm kế hoạch, trong quý I, sau quý I; số ngày (tính từ 01/01) nhỏ nhất, trung vị và lớn nhất. Bộ lọc chủ đề/đơn vị giữ lại các kế hoạch có ít nhất một hoạt động thỏa bộ lọc.
-- description_en: Each plan year: plans, plans with an issue date, issued before 1 January of the plan year, in the first quarter, after it; the smallest, median and largest number of days from 1 January. The theme/unit filters keep the plans with at least one matching activity.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
WITH scope AS (
    SELECT p.year, p.issued_date,
           (p.issued_date - make_date(p.year, 1, 1))::INTEGER AS days
    FROM f_plans($years, $provinces, $province_mode, $levels) p
    WHERE (len($themes) = 0 AND len($units) = 0)
       OR p.plan_id IN (
            SELECT plan_id
            FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units))
)
SELECT
    year,
    count(*) AS plans,
    count(days) AS issued,
    count(*) FILTER (WHERE days < 0) AS before_year,
    count(*) FILTER (WHERE days >= 0 AND issued_date < make_date(year, 4, 1)) AS first_quarter,
    count(*) FILTER (WHERE issued_date >= make_date(year, 4, 1)) AS after_first_quarter,
    min(days) AS min_days,
    median(days)::DOUBLE AS median_days,
    max(days) AS max_days
FROM scope
GROUP BY year
ORDER BY year
