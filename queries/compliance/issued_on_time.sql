-- title_vi: Ban hành trước năm kế hoạch hoặc trong quý I
-- title_en: Issued before its year or in its first quarter
-- description_en: Value: 0 issued before 1 January of the plan's year, 1–4 the quarter of that year it was issued in, 5 later. NULL (not applicable, "no issue date") when the plan has no issue date.
-- param: plan_ids text[] []
SELECT
    plan_id,
    CASE WHEN issued_date IS NULL THEN NULL
         WHEN issued_date < make_date(year, 1, 1) THEN 0
         WHEN year(issued_date) = year THEN quarter(issued_date)
         ELSE 5 END::DOUBLE AS value,
    CASE WHEN issued_date IS NULL THEN 'không có ngày ban hành'
         ELSE 'ban hành ' || strftime(issued_date, '%d/%m/%Y') || ', kế hoạch năm ' || year END AS note,
    CASE WHEN issued_date IS NULL THEN 'no issue date'
         ELSE 'issued ' || strftime(issued_date, '%Y-%m-%d') || ', plan for ' || year END AS note_en,
    [] AS evidence
FROM plans
WHERE plan_id IN (SELECT unnest($plan_ids))
