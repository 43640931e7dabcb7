-- title_vi: Tổng quan về mốc thời gian của các hoạt động
-- title_en: Overview of the activities' dates
-- description_vi: Trong các hoạt động thỏa bộ lọc: tổng số, số hoạt động có ngày cụ thể (không thường xuyên), số hoạt động thường xuyên, số có mốc thời gian không hiểu được (unparsed) và số không ghi mốc thời gian nào, không có ngày (no_dates); số kế hoạch và số kế hoạch có ngày ban hành.
-- description_en: Among the activities matching the filters: all, those with dates (not recurring), recurring ones, those whose timeframe was not understood (unparsed) and those with no timeframe and no dates (no_dates); plans, and plans with an issue date.
-- param: years int[] []
-- param: provinces text[] []
-- param: province_mode text "written"
-- param: levels text[] []
-- param: themes text[] []
-- param: units text[] []
SELECT
    count(*) AS activities,
    count(*) FILTER (WHERE NOT recurring AND end_date IS NOT NULL) AS dated,
    count(*) FILTER (WHERE recurring) AS recurring,
    count(*) FILTER (WHERE NOT timeframe_parsed) AS unparsed,
    count(*) FILTER (WHERE timeframe_parsed AND start_date IS NULL AND end_date IS NULL) AS no_dates,
    count(DISTINCT plan_id) AS plans,
    count(DISTINCT plan_id) FILTER (WHERE issued_date IS NOT NULL) AS plans_issued
FROM f_activities($years, $provinces, $province_mode, $levels, $themes, $units)
