"""Group headings are structure, not activities.

A workbook's activities sheet often holds the plan's group headings ("II.4 Triển khai các
hoạt động thông tin đối ngoại") as rows of their own, next to the numbered items under
them. Counting them would count every group twice (and its units again), so after each
load the rows that are headings move from `activities` (with their units and themes) to
`sections`. A row is a heading when, in the same plan:

- another row is numbered under it: its id starts with the row's id and a dot
  ("II.4" → "II.4.1", "II.4.2.a"), or its `section` cell starts with the row's id
  ("II.4 Triển khai ..."); ids and section numbers are compared without a trailing dot;
- or its title is only a number ("4.2", "II.4.", "b)"), with nothing to do in it.

The rule runs in SQL over everything stored for the plans just loaded, so an activities-only
workbook that adds "II.4.1" to a plan turns the stored "II.4" into a heading too.
"""

from __future__ import annotations

import duckdb

# a title that is only numbering: roman or arabic numbers and letters joined by . - ) …
_NUMBER_ONLY = r"^\s*([0-9]+|[IVXLivxl]+|[a-zđ])([.\-–)]([0-9]+|[IVXLivxl]+|[a-zđ]))*[.)]?\s*$"

_FIND = f"""
CREATE OR REPLACE TEMP TABLE _heading_ids AS
WITH rows AS (
    SELECT plan_id, activity_id AS id, section FROM activities
    WHERE list_contains($plans, plan_id)
    UNION ALL
    SELECT plan_id, section_id, parent_section FROM sections
    WHERE list_contains($plans, plan_id)
),
keyed AS (
    SELECT plan_id, id, rtrim(trim(id), '.') AS key,
           rtrim(split_part(trim(coalesce(section, '')), ' ', 1), '.') AS section_key
    FROM rows
),
parents AS (  -- every proper prefix of an id at a dot, and the number its section starts with
    SELECT plan_id, id, array_to_string(string_split(key, '.')[1:n], '.') AS parent
    FROM (SELECT *, unnest(range(1, len(string_split(key, '.')))) AS n FROM keyed)
    UNION ALL
    SELECT plan_id, id, section_key FROM keyed WHERE section_key <> ''
)
SELECT DISTINCT a.plan_id, a.activity_id
FROM activities a
WHERE list_contains($plans, a.plan_id)
  AND (regexp_matches(a.title, '{_NUMBER_ONLY}')
       OR EXISTS (SELECT 1 FROM parents p
                  WHERE p.plan_id = a.plan_id AND p.id <> a.activity_id
                    AND p.parent = rtrim(trim(a.activity_id), '.')))
"""

_MOVE = """
INSERT INTO sections BY NAME
SELECT a.plan_id, a.activity_id AS section_id, a.seq, a.section AS parent_section, a.title,
       a.description, a.timeframe,
       (SELECT string_agg(u.unit, '; ') FROM activity_units u
        WHERE u.plan_id = a.plan_id AND u.activity_id = a.activity_id AND u.role = 'lead')
           AS lead_units,
       (SELECT string_agg(u.unit, '; ') FROM activity_units u
        WHERE u.plan_id = a.plan_id AND u.activity_id = a.activity_id AND u.role = 'cooperating')
           AS cooperating_units,
       (SELECT string_agg(t.theme_code, '; ') FROM activity_themes t
        WHERE t.plan_id = a.plan_id AND t.activity_id = a.activity_id AND t.assigned = 'manual')
           AS themes,
       a.search_text, a.source_file, a.source_sheet, a.source_row
FROM activities a SEMI JOIN _heading_ids h USING (plan_id, activity_id)
"""


def move_headings(con: duckdb.DuckDBPyConnection, plan_ids: list[str]) -> int:
    """Move the heading rows of these plans from activities to sections; returns how many."""
    if not plan_ids:
        return 0
    con.execute(_FIND, {"plans": list(plan_ids)})
    (count,) = con.execute("SELECT count(*) FROM _heading_ids").fetchone()
    if count:
        con.execute(_MOVE)
        for table in ("activity_units", "activity_themes", "activities"):
            con.execute(
                f"DELETE FROM {table} t USING _heading_ids h "
                "WHERE t.plan_id = h.plan_id AND t.activity_id = h.activity_id"
            )
    con.execute("DROP TABLE _heading_ids")
    return count
