-- title_vi: Dữ liệu có phải tổng hợp không
-- title_en: Is the data synthetic
-- description_vi: Đúng nếu có kế hoạch nào được tạo bởi bộ sinh dữ liệu giả lập.
-- description_en: True when any plan was made by the synthetic data generator.
SELECT coalesce(bool_or(synthetic), false) AS synthetic FROM plans
