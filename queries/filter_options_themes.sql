-- title_vi: Danh mục chủ đề (cho bộ lọc)
-- title_en: Theme list (filter options)
-- description_vi: Mọi chủ đề trong danh mục, tên tiếng Việt và tiếng Anh, xếp theo tên tiếng Việt.
-- description_en: Every theme in the reference list, Vietnamese and English names, in Vietnamese order.
SELECT theme_code, name_vi, name_en
FROM themes
ORDER BY name_vi COLLATE vi
