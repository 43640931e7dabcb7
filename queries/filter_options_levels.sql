-- title_vi: Các cấp ban hành (cho bộ lọc)
-- title_en: Issuer levels (filter options)
-- description_vi: Các cấp ban hành có trong dữ liệu, từ trung ương xuống huyện.
-- description_en: Issuer levels present in the data, from central down to district.
SELECT DISTINCT issuer_level
FROM plans
ORDER BY CASE issuer_level WHEN 'trung ương' THEN 1 WHEN 'tỉnh' THEN 2 WHEN 'sở' THEN 3
                          WHEN 'huyện' THEN 4 ELSE 5 END,
         issuer_level COLLATE vi
