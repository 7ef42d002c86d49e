-- Failed sign-ins under names that belong to nobody: counted and locked like an account's own, so
-- the answers cannot tell which names exist.
CREATE TABLE login_throttle (
  username_key text PRIMARY KEY,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The demo's settings no longer keep a password: the documented demo login is in the README.
UPDATE app_setting
   SET value = (value - 'password') || jsonb_build_object('username', 'admin', 'documentedLogin', value->>'password' = 'demo-tiendo-2023')
 WHERE key = 'demo';
