-- Emulation and commendation (thi đua, khen thưởng), Law 06/2022/QH15: campaigns and their criteria, registrations,
-- initiatives, the honour book, nominations, the council's secret ballot and decisions. Eligibility rules live in
-- src/core/emulation.ts; the ballot's cryptography in src/core/ballot.ts (docs/emulation.md).

-- Phong trào thi đua: yearly (launched by a directive), thematic or short-term.
CREATE TABLE emulation_campaign (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{1,50}$'),
  name_vi text NOT NULL CHECK (length(name_vi) BETWEEN 1 AND 500),
  name_en text,
  kind text NOT NULL CHECK (kind IN ('YEARLY', 'THEMATIC', 'SHORT_TERM')),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- The organising unit: its officers manage the campaign.
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  directive_number text,
  directive_date date,
  directive_issuer text,
  theme text,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  registration_deadline date NOT NULL,
  status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);

-- Who takes part, grouped in clusters and blocks (cụm, khối thi đua).
CREATE TABLE emulation_participant (
  campaign_id integer NOT NULL REFERENCES emulation_campaign (id),
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  cluster text,
  PRIMARY KEY (campaign_id, org_unit_id)
);

-- A criterion with its weight and how it is scored: from an indicator against its target (through analytics),
-- from the unit's task results, or by a reviewer with evidence.
CREATE TABLE emulation_criterion (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id integer NOT NULL REFERENCES emulation_campaign (id),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9_]{1,50}$'),
  name_vi text NOT NULL,
  name_en text,
  weight numeric NOT NULL CHECK (weight > 0 AND weight <= 100),
  source text NOT NULL CHECK (source IN ('INDICATOR', 'TASKS', 'REVIEWER')),
  indicator_id integer REFERENCES indicator (id),
  -- The period whose figure is read (DHIS2 id, e.g. 2023).
  period_id text,
  -- The value at which the full score is reached (the target), for INDICATOR criteria.
  target_value numeric,
  UNIQUE (campaign_id, code),
  CHECK ((source = 'INDICATOR') = (indicator_id IS NOT NULL AND period_id IS NOT NULL AND target_value IS NOT NULL))
);

-- One unit's score on one criterion (0–100 before the weight), with its sources; frozen when the campaign closes.
CREATE TABLE emulation_score (
  criterion_id integer NOT NULL REFERENCES emulation_criterion (id),
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  score numeric NOT NULL CHECK (score >= 0 AND score <= 100),
  source_detail jsonb NOT NULL,
  evidence text,
  scored_by text NOT NULL,
  scored_at timestamptz NOT NULL DEFAULT now(),
  frozen boolean NOT NULL DEFAULT false,
  PRIMARY KEY (criterion_id, org_unit_id)
);

-- Đăng ký thi đua: a unit or one of its people aims for a title, with commitments; the unit's head approves.
CREATE TABLE emulation_registration (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id integer NOT NULL REFERENCES emulation_campaign (id),
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  staff_member_id integer REFERENCES staff_member (id),
  award text NOT NULL,
  commitment text,
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  registered_on date NOT NULL,
  decided_by text,
  decided_at timestamptz,
  decision_note text
);
CREATE UNIQUE INDEX emulation_registration_one ON emulation_registration (campaign_id, org_unit_id, coalesce(staff_member_id, 0), award);

-- Sáng kiến with the decision that recognised it and its scope of effect.
CREATE TABLE emulation_initiative (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
  staff_member_id integer NOT NULL REFERENCES staff_member (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  scope text NOT NULL CHECK (scope IN ('UNIT', 'MINISTRY', 'NATION')),
  decision_number text NOT NULL,
  decision_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emulation_initiative_staff_idx ON emulation_initiative (staff_member_id, year);

-- A person's yearly rating and discipline as recorded with the honour book history (past years entered by the
-- emulation office); the staff evaluation module takes over for the years it rates.
CREATE TABLE emulation_person_year (
  staff_member_id integer NOT NULL REFERENCES staff_member (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  rating text NOT NULL CHECK (rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
  disciplined boolean NOT NULL DEFAULT false,
  PRIMARY KEY (staff_member_id, year)
);

-- A unit's own yearly result as a collective.
CREATE TABLE emulation_unit_year (
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  rating text NOT NULL CHECK (rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
  PRIMARY KEY (org_unit_id, year)
);

-- Quyết định khen thưởng: number, date, signer; the list is the awards that name it.
CREATE TABLE emulation_decision (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number text NOT NULL UNIQUE,
  decision_date date NOT NULL,
  signer text NOT NULL,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The honour book: every title and award a person or a unit received, from a decision of this product or
-- entered from the archive (with the archived decision's number).
CREATE TABLE emulation_award (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  award text NOT NULL,
  staff_member_id integer REFERENCES staff_member (id),
  org_unit_id integer REFERENCES org_unit (id),
  decision_id integer REFERENCES emulation_decision (id),
  decision_number text NOT NULL,
  decision_date date NOT NULL,
  cash_amount bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((staff_member_id IS NULL) <> (org_unit_id IS NULL))
);
CREATE UNIQUE INDEX emulation_award_once ON emulation_award (year, award, coalesce(staff_member_id, 0), coalesce(org_unit_id, 0));
CREATE INDEX emulation_award_staff_idx ON emulation_award (staff_member_id) WHERE staff_member_id IS NOT NULL;
CREATE INDEX emulation_award_unit_idx ON emulation_award (org_unit_id) WHERE org_unit_id IS NOT NULL;

-- Hội đồng TĐKT session: its members, its window, its quorum; an RSA key made for the session signs ballot tokens
-- blindly. The private key is kept until the session closes, then erased.
CREATE TABLE council_session (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  quorum_num integer NOT NULL CHECK (quorum_num > 0),
  quorum_den integer NOT NULL CHECK (quorum_den >= quorum_num),
  public_n text NOT NULL,
  public_e text NOT NULL,
  private_key_pem text,
  status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
  result jsonb,
  closed_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at > opens_at)
);

CREATE TABLE council_member (
  session_id integer NOT NULL REFERENCES council_session (id),
  user_id integer NOT NULL REFERENCES app_user (id),
  display_name text NOT NULL,
  PRIMARY KEY (session_id, user_id)
);

-- Who took a ballot token (the voting list, published): never which token. A written vote of an absent member is
-- entered by the secretary, who is named.
CREATE TABLE council_token_issue (
  session_id integer NOT NULL,
  user_id integer NOT NULL,
  written_by text,
  PRIMARY KEY (session_id, user_id),
  FOREIGN KEY (session_id, user_id) REFERENCES council_member (session_id, user_id)
);

-- Đề nghị khen thưởng, with the eligibility judged when it was made and, if not eligible, the override reason.
CREATE TABLE emulation_nomination (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  award text NOT NULL,
  staff_member_id integer REFERENCES staff_member (id),
  org_unit_id integer REFERENCES org_unit (id),
  -- The proposing unit (its officers see the nomination).
  proposing_org_unit_id integer NOT NULL REFERENCES org_unit (id),
  campaign_id integer REFERENCES emulation_campaign (id),
  eligible boolean NOT NULL,
  eligibility jsonb NOT NULL,
  override_reason text,
  achievements text,
  session_id integer REFERENCES council_session (id),
  threshold_num integer,
  threshold_den integer,
  status text NOT NULL DEFAULT 'PROPOSED' CHECK (status IN ('PROPOSED', 'IN_SESSION', 'PASSED', 'NOT_PASSED', 'DECIDED')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((staff_member_id IS NULL) <> (org_unit_id IS NULL)),
  CHECK (eligible OR override_reason IS NOT NULL)
);
CREATE UNIQUE INDEX emulation_nomination_once ON emulation_nomination (year, award, coalesce(staff_member_id, 0), coalesce(org_unit_id, 0));

-- The ballot box. No voter, no time, no sequence: the key is the receipt (a hash), so the rows carry nothing that
-- orders them by arrival or ties them to the voting list.
CREATE TABLE council_ballot (
  session_id integer NOT NULL REFERENCES council_session (id),
  receipt text PRIMARY KEY,
  token text NOT NULL,
  signature text NOT NULL,
  choices jsonb NOT NULL,
  UNIQUE (session_id, token)
);
