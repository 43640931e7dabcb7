-- title_vi: So sánh: các văn bản làm căn cứ mà kế hoạch dẫn
-- title_en: Compare: the legal bases the plans cite
-- description_vi: Mỗi đối tượng so sánh × văn bản căn cứ, nhận theo số hiệu bỏ phần năm (72/2015/NĐ-CP và 72/NĐ-CP là một; không có số hiệu thì theo nguyên văn): nguyên văn lần đầu gặp, số kế hoạch dẫn, và nơi ghi (kế hoạch, tệp, trang, dòng) làm bằng chứng.
-- description_en: Each compared entity × legal basis, keyed by its document number without the year (72/2015/NĐ-CP and 72/NĐ-CP are one; the text itself when no number): the text first seen, plans citing it, and where it is written (plan, file, sheet, row) as evidence.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: c_mode text "province"
-- param: c_keys text[] []
WITH ent AS (
    SELECT plan_id, entity, number, issuer, year
    FROM f_compare_plans($c_mode, $c_keys, $years, $provinces, $province_mode, $levels)
),
cited AS (
    SELECT e.entity, e.plan_id, e.number AS plan_number, e.issuer, e.year, l.seq, l.reference,
           coalesce(nullif(upper(regexp_replace(regexp_extract(l.reference, '(\d+(/[^\s,;()]+)+)', 1), '/(19|20)[0-9][0-9]/', '/')), ''),
                    l.reference) AS basis,
           l.source_file, l.source_sheet, l.source_row
    FROM ent e JOIN legal_bases l USING (plan_id)
)
SELECT entity, basis, first(reference ORDER BY year, plan_id, seq) AS reference,
       count(DISTINCT plan_id) AS plans,
       list({'plan_id': plan_id, 'plan_number': plan_number, 'issuer': issuer, 'year': year,
             'reference': reference, 'source_file': source_file, 'source_sheet': source_sheet,
             'source_row': source_row} ORDER BY year, plan_id, seq) AS evidence
FROM cited
GROUP BY ALL
ORDER BY entity, basis
