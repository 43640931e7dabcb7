-- title_vi: Có mục kinh phí
-- title_en: Has a budget section
-- description_en: Value 2: at least one budget line (budgets) names a source without "nếu có" (if any); 1: only sources "nếu có"; 0: no budget line, or only "không nêu" (not stated). Evidence: the budget lines.
-- param: plan_ids text[] []
SELECT
    plan_id,
    CASE WHEN bool_or(NOT conditional) THEN 2 ELSE 1 END::DOUBLE AS value,
    CASE WHEN NOT bool_or(NOT conditional) THEN 'chỉ ghi "nếu có"' END AS note,
    CASE WHEN NOT bool_or(NOT conditional) THEN 'only "nếu có" (if any)' END AS note_en,
    list_slice(list({'tbl': 'budgets', 'key': CAST(seq AS VARCHAR),
          'text': concat_ws(' — ', source, note)} ORDER BY conditional, seq), 1, 10) AS evidence,
    count(*) AS hits
FROM budgets
WHERE plan_id IN (SELECT unnest($plan_ids)) AND budget_code <> 'khong_neu'
GROUP BY plan_id
