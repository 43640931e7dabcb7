-- title_vi: Văn bản được trích dẫn
-- title_en: Text that may cite a document
-- description_en: Built-in for rule_kind legal_basis. Legal bases and plan titles (strong), and activities and section headings whose folded text has one of the numbers followed by / or - ($numbers: e.g. ['72/', '72-'] for a quick filter, $pattern the exact test) (weak: mentioned in the content, not as a basis).
-- param: plan_ids text[] []
-- param: pattern text "(^|[^0-9])(0)[/-]"
-- param: numbers text[] []
SELECT 'legal_bases' AS tbl, plan_id, CAST(seq AS VARCHAR) AS key, reference AS text, TRUE AS strong, seq AS ord
FROM legal_bases WHERE plan_id IN (SELECT unnest($plan_ids))
UNION ALL
SELECT 'plans', plan_id, 'title', title, TRUE, 0 FROM plans WHERE plan_id IN (SELECT unnest($plan_ids))
UNION ALL
SELECT 'sections', plan_id, section_id, concat_ws(' ', title, description), FALSE, seq
FROM sections
WHERE plan_id IN (SELECT unnest($plan_ids)) AND list_bool_or([contains(search_text, n) FOR n IN $numbers]) AND regexp_matches(search_text, $pattern)
UNION ALL
SELECT 'activities', plan_id, activity_id, concat_ws(' ', title, description), FALSE, seq
FROM activities
WHERE plan_id IN (SELECT unnest($plan_ids)) AND list_bool_or([contains(search_text, n) FOR n IN $numbers]) AND regexp_matches(search_text, $pattern)
ORDER BY plan_id, strong DESC, tbl, ord
