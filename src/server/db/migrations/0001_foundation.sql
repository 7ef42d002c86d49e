-- Foundation: organisation units, people, access, audit.

CREATE TABLE org_unit_level (
  level integer PRIMARY KEY CHECK (level >= 1),
  name_vi text NOT NULL,
  name_en text
);

CREATE TABLE org_unit_group (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  kind text NOT NULL DEFAULT 'GROUP' CHECK (kind IN ('GROUP', 'SECTOR')),
  name_vi text NOT NULL,
  name_en text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE org_unit (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_vi text NOT NULL,
  name_en text,
  short_name text,
  type text NOT NULL DEFAULT 'unit',
  parent_id integer REFERENCES org_unit (id),
  level integer NOT NULL CHECK (level >= 1),
  -- Materialised path of ids, '/1/5/23/': a subtree is a prefix match, no recursion needed.
  path text NOT NULL,
  opening_date date,
  closing_date date,
  -- Diacritic-free lower-case name and code, for search that ignores accents and case.
  search_text text NOT NULL DEFAULT '',
  -- Sort key that orders by the Vietnamese alphabet under the plain byte collation.
  sort_key text COLLATE "C" NOT NULL DEFAULT '',
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closing_date IS NULL OR opening_date IS NULL OR closing_date >= opening_date)
);
CREATE INDEX org_unit_parent_idx ON org_unit (parent_id);
CREATE INDEX org_unit_path_idx ON org_unit (path text_pattern_ops);
CREATE INDEX org_unit_level_idx ON org_unit (level);

CREATE TABLE org_unit_group_member (
  group_id integer NOT NULL REFERENCES org_unit_group (id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  PRIMARY KEY (group_id, org_unit_id)
);
CREATE INDEX org_unit_group_member_unit_idx ON org_unit_group_member (org_unit_id);

-- Mergers and splits: a predecessor's data before effective_date belongs, for analytics, to its successor(s).
CREATE TABLE org_unit_lineage (
  predecessor_id integer NOT NULL REFERENCES org_unit (id),
  successor_id integer NOT NULL REFERENCES org_unit (id),
  kind text NOT NULL CHECK (kind IN ('MERGE', 'SPLIT', 'RENAME')),
  effective_date date NOT NULL,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (predecessor_id, successor_id),
  CHECK (predecessor_id <> successor_id)
);
CREATE INDEX org_unit_lineage_successor_idx ON org_unit_lineage (successor_id);

CREATE TABLE app_user (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  email text,
  password_hash text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  language text NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_assignment (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER')),
  -- NULL scope: the whole system (every root).
  org_unit_id integer REFERENCES org_unit (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX role_assignment_unique ON role_assignment (user_id, role, coalesce(org_unit_id, 0));

CREATE TABLE user_session (
  -- sha256 of the cookie value: a database leak does not hand out live sessions.
  id text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

CREATE TABLE api_token (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  role text NOT NULL DEFAULT 'REPORTING_OFFICER' CHECK (role IN ('REPORTING_OFFICER', 'LEADER')),
  created_by integer REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  last_used_ip text,
  revoked_at timestamptz
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'token', 'system', 'anonymous')),
  user_id integer,
  username text,
  token_id integer,
  ip text,
  user_agent text,
  request_id text,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text,
  org_unit_id integer,
  before jsonb,
  after jsonb,
  reason text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);
CREATE INDEX audit_log_user_idx ON audit_log (user_id);

-- The audit trail is append-only: no update or delete, whoever asks.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
