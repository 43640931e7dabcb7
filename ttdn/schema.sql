-- The public schema of ttdn. Pages, saved questions, analysts and scripts rely
-- on these names; docs/schema.md describes every column (tests/test_docs.py
-- fails when a column is undocumented).

-- reference tables (from data/reference/*.csv) ---------------------------------

CREATE TABLE themes (
    theme_code  VARCHAR PRIMARY KEY,
    name_vi     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL,
    keywords    VARCHAR             -- ';'-separated hints for automatic classification
);

CREATE TABLE budget_codes (
    budget_code VARCHAR PRIMARY KEY,
    name_vi     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL
);

CREATE TABLE provinces (
    province        VARCHAR PRIMARY KEY,  -- canonical name as it was before 1 July 2025
    province_2025   VARCHAR NOT NULL,     -- the province it belongs to among the 34 after 2025
    kind            VARCHAR NOT NULL,     -- 'tỉnh', 'thành phố' or 'trung ương'
    region          VARCHAR,
    border_or_coast VARCHAR               -- 'biên giới', 'biển', 'biên giới; biển' or NULL (neither)
);

CREATE TABLE units (
    unit_canonical  VARCHAR PRIMARY KEY,
    unit_type       VARCHAR NOT NULL,
    successor       VARCHAR,              -- the unit that took over its work (e.g. after 2025)
    successor_from  DATE
);

CREATE TABLE unit_aliases (
    alias           VARCHAR NOT NULL,
    unit_canonical  VARCHAR NOT NULL
);

-- plan facts (from workbooks, through ttdn.ingest) ------------------------------

CREATE TABLE plans (
    plan_id         VARCHAR PRIMARY KEY,
    number          VARCHAR,
    title           VARCHAR NOT NULL,
    issuer          VARCHAR NOT NULL,
    issuer_level    VARCHAR NOT NULL,
    province        VARCHAR NOT NULL,     -- as written in the workbook
    province_canonical VARCHAR,           -- matched against the provinces table
    province_2025   VARCHAR,              -- one of the 34 provinces after 2025, or 'Trung ương'
    year            INTEGER NOT NULL,
    period_end      INTEGER NOT NULL,
    issued_date     DATE,
    signer          VARCHAR,
    source          VARCHAR,
    content_hash    VARCHAR NOT NULL,
    synthetic       BOOLEAN NOT NULL DEFAULT FALSE,
    loaded_at       TIMESTAMP NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_sheet    VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL
);

CREATE TABLE activities (
    plan_id         VARCHAR NOT NULL,
    activity_id     VARCHAR NOT NULL,
    seq             INTEGER NOT NULL,     -- order in the workbook
    section         VARCHAR,
    title           VARCHAR NOT NULL,
    description     VARCHAR,
    timeframe       VARCHAR,
    start_date      DATE,
    end_date        DATE,
    recurring       BOOLEAN NOT NULL DEFAULT FALSE,
    timeframe_parsed BOOLEAN NOT NULL,    -- FALSE: timeframe text kept but not understood
    dates_from      VARCHAR NOT NULL,     -- 'workbook', 'timeframe', 'assumed' or 'none'
    budget_source   VARCHAR,
    budget_code     VARCHAR,
    budget_vnd      BIGINT,
    status          VARCHAR,
    search_text     VARCHAR NOT NULL,     -- folded title + description, for search
    source_file     VARCHAR NOT NULL,
    source_sheet    VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL,
    PRIMARY KEY (plan_id, activity_id)
);

-- group headings of the content sections ("II.4 Triển khai các hoạt động ..."): structure,
-- not activities. A workbook row is a heading when another row of the same plan is numbered
-- under it (its id starts with the heading's id and a dot, or its `section` starts with the
-- heading's id) or when its title is only a number. Never counted, charted or in workloads.
CREATE TABLE sections (
    plan_id         VARCHAR NOT NULL,
    section_id      VARCHAR NOT NULL,     -- the row's activity_id in the workbook
    seq             INTEGER NOT NULL,     -- order in the workbook (shared with activities.seq)
    parent_section  VARCHAR,              -- the heading it sits under, as written (`section`)
    title           VARCHAR NOT NULL,
    description     VARCHAR,
    timeframe       VARCHAR,
    lead_units      VARCHAR,              -- as written, '; '-joined
    cooperating_units VARCHAR,            -- as written, '; '-joined
    themes          VARCHAR,              -- theme codes written in the cell, '; '-joined
    search_text     VARCHAR NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_sheet    VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL,
    PRIMARY KEY (plan_id, section_id)
);

CREATE TABLE activity_units (
    plan_id         VARCHAR NOT NULL,
    activity_id     VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,     -- 'lead' or 'cooperating'
    unit            VARCHAR NOT NULL,     -- as written
    unit_canonical  VARCHAR NOT NULL,
    unit_type       VARCHAR NOT NULL,
    matched_by      VARCHAR NOT NULL,     -- 'alias', 'fuzzy', 'rule' or 'none'
    source_file     VARCHAR NOT NULL,
    source_sheet    VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL
);

CREATE TABLE activity_themes (
    plan_id         VARCHAR NOT NULL,
    activity_id     VARCHAR NOT NULL,
    theme_code      VARCHAR NOT NULL,
    assigned        VARCHAR NOT NULL,     -- 'manual' or 'auto'
    source_file     VARCHAR NOT NULL,
    source_sheet    VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL
);

CREATE TABLE assignments (
    plan_id         VARCHAR NOT NULL,
    seq             INTEGER NOT NULL,
    unit            VARCHAR NOT NULL,
    unit_canonical  VARCHAR NOT NULL,
    unit_type       VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,     -- 'lead', 'cooperating' or 'executing'
    duty            VARCHAR NOT NULL,
    search_text     VARCHAR NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_sheet    VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL
);

CREATE TABLE budgets (
    plan_id         VARCHAR NOT NULL,
    seq             INTEGER NOT NULL,
    source          VARCHAR NOT NULL,     -- as written
    budget_code     VARCHAR NOT NULL,
    amount_vnd      BIGINT,
    note            VARCHAR,
    conditional     BOOLEAN NOT NULL,     -- the plan says 'nếu có' (if any)
    search_text     VARCHAR NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_sheet    VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL
);

CREATE TABLE legal_bases (
    plan_id         VARCHAR NOT NULL,
    seq             INTEGER NOT NULL,
    reference       VARCHAR NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_sheet    VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL
);

CREATE TABLE extra_fields (
    plan_id         VARCHAR,
    source_file     VARCHAR NOT NULL,
    source_sheet    VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL,
    column_name     VARCHAR NOT NULL,
    value           VARCHAR
);

CREATE TABLE loads (
    file_hash       VARCHAR NOT NULL,
    file_name       VARCHAR NOT NULL,
    plan_ids        VARCHAR[] NOT NULL,
    loaded_at       TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
    changed_at      TIMESTAMP NOT NULL,
    account         VARCHAR NOT NULL,     -- the signed-in account, or 'cli:<system user>'
    action          VARCHAR NOT NULL,     -- 'load', 'delete' or 'undo'
    file_name       VARCHAR,              -- the uploaded file (load), the snapshot restored (undo)
    content_hash    VARCHAR,              -- sha256 of the uploaded file
    plan_ids        VARCHAR[] NOT NULL,   -- the plans written, deleted or restored
    rows_added      INTEGER NOT NULL,
    rows_replaced   INTEGER NOT NULL,
    rows_removed    INTEGER NOT NULL,
    snapshot        VARCHAR               -- the snapshot of the database as it was before
);

CREATE TABLE meta (
    key             VARCHAR PRIMARY KEY,
    value           VARCHAR
);
