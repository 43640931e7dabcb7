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
-- (uncorrelated IN-subqueries: with an empty list their build side is empty and costs
-- nothing; correlated EXISTS were planned as mark joins over every link, ~4x slower)
WHERE (len(coalesce(themes, [])) = 0 OR (a.plan_id, a.activity_id) IN (
        SELECT (t.plan_id, t.activity_id) FROM activity_themes t
        WHERE list_contains(themes, t.theme_code)))
  AND (len(coalesce(units, [])) = 0 OR (a.plan_id, a.activity_id) IN (
        SELECT (u.plan_id, u.activity_id) FROM activity_units u
        WHERE list_contains(units, u.unit_canonical)));

-- Link rows (one per activity and theme / unit) of the activities f_activities keeps, with
-- the plan's province_shown and year. Joined on plan_id only (cheap): the theme and unit
-- filters are applied through the same IN-subqueries as in f_activities.
CREATE OR REPLACE TEMP MACRO f_activity_themes(years, provinces, province_mode, levels, themes, units) AS TABLE
SELECT t.*, p.province_shown, p.year, p.issuer_level
FROM activity_themes t
JOIN f_plans(years, provinces, province_mode, levels) p USING (plan_id)
WHERE (len(coalesce(themes, [])) = 0 OR (t.plan_id, t.activity_id) IN (
        SELECT (x.plan_id, x.activity_id) FROM activity_themes x
        WHERE list_contains(themes, x.theme_code)))
  AND (len(coalesce(units, [])) = 0 OR (t.plan_id, t.activity_id) IN (
        SELECT (u.plan_id, u.activity_id) FROM activity_units u
        WHERE list_contains(units, u.unit_canonical)));

CREATE OR REPLACE TEMP MACRO f_activity_units(years, provinces, province_mode, levels, themes, units) AS TABLE
SELECT u.*, p.province_shown, p.year, p.issuer_level
FROM activity_units u
JOIN f_plans(years, provinces, province_mode, levels) p USING (plan_id)
WHERE (len(coalesce(themes, [])) = 0 OR (u.plan_id, u.activity_id) IN (
        SELECT (t.plan_id, t.activity_id) FROM activity_themes t
        WHERE list_contains(themes, t.theme_code)))
  AND (len(coalesce(units, [])) = 0 OR (u.plan_id, u.activity_id) IN (
        SELECT (x.plan_id, x.activity_id) FROM activity_units x
        WHERE list_contains(units, x.unit_canonical)));

-- Đơn vị page (queries/units_*.sql): one row per activity and canonical unit kept by
-- f_activity_units (a cell may name one unit twice, by two aliases), with the plan's
-- province_shown and whether the unit leads and whether it cooperates.
CREATE OR REPLACE TEMP MACRO f_unit_roles(years, provinces, province_mode, levels, themes, units) AS TABLE
SELECT plan_id, activity_id, unit_canonical,
       min(unit_type) AS unit_type,
       any_value(province_shown) AS province,
       bool_or(role = 'lead') AS is_lead,
       bool_or(role = 'cooperating') AS is_coop
FROM f_activity_units(years, provinces, province_mode, levels, themes, units)
GROUP BY plan_id, activity_id, unit_canonical;

-- Compare page (queries/compare_*.sql): each plan kept by f_plans mapped to the entity it
-- belongs to. mode 'province': entity = province_shown (written or the 34 of 2025);
-- 'plan': entity = plan_id; 'year': entity = the plan's year as text (the page passes the
-- one province in `provinces`). Only entities listed in `keys` are kept.
CREATE OR REPLACE TEMP MACRO f_compare_plans(mode, keys, years, provinces, province_mode, levels) AS TABLE
SELECT * FROM (
    SELECT p.*,
           CASE mode WHEN 'plan' THEN p.plan_id
                     WHEN 'year' THEN CAST(p.year AS VARCHAR)
                     ELSE p.province_shown END AS entity
    FROM f_plans(years, provinces, province_mode, levels) p
) p
WHERE list_contains(keys, p.entity);
