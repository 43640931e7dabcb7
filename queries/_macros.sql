-- Shared filter macros, defined (temporary) on every cursor the app opens.
-- Every page query selects from these so that the one filter bar means the same
-- everywhere. Empty lists mean "no filter".
--   years INTEGER[], provinces VARCHAR[], province_mode 'written' | '2025',
--   levels VARCHAR[] (issuer_level), themes VARCHAR[] (theme_code), units VARCHAR[] (unit_canonical)

CREATE OR REPLACE TEMP MACRO f_plans(years, provinces, province_mode, levels) AS TABLE
SELECT * FROM (
    SELECT
        p.*,
        CASE WHEN province_mode = '2025' THEN coalesce(p.province_2025, p.province_canonical, p.province)
             ELSE coalesce(p.province_canonical, p.province) END AS province_shown
    FROM plans p
) p
WHERE (len(coalesce(years, [])) = 0 OR list_contains(years, p.year))
  AND (len(coalesce(provinces, [])) = 0 OR list_contains(provinces, p.province_shown))
  AND (len(coalesce(levels, [])) = 0 OR list_contains(levels, p.issuer_level));

CREATE OR REPLACE TEMP MACRO f_activities(years, provinces, province_mode, levels, themes, units) AS TABLE
SELECT
    a.*,
    p.province_shown, p.year, p.issuer, p.issuer_level, p.number AS plan_number,
    p.title AS plan_title, p.issued_date, p.synthetic
FROM activities a
JOIN f_plans(years, provinces, province_mode, levels) p USING (plan_id)
WHERE (len(coalesce(themes, [])) = 0 OR EXISTS (
        SELECT 1 FROM activity_themes t
        WHERE t.plan_id = a.plan_id AND t.activity_id = a.activity_id
          AND list_contains(themes, t.theme_code)))
  AND (len(coalesce(units, [])) = 0 OR EXISTS (
        SELECT 1 FROM activity_units u
        WHERE u.plan_id = a.plan_id AND u.activity_id = a.activity_id
          AND list_contains(units, u.unit_canonical)));
