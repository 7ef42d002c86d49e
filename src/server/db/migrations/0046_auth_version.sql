-- Who a caller is (session, user, roles, token) is cached in each process and checked against one counter,
-- read once per request: auth_version moves forward whenever something that changes an answer of
-- authentication changes — a session ended or shortened, a user deactivated, renamed or flagged to change
-- the password, a role given or taken, a token revoked, a unit moved (scopes follow paths). New sessions and
-- sign-in bookkeeping (failed attempts, last login, a token's last use) do not move it.

CREATE TABLE auth_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL
);
INSERT INTO auth_version (id, version) VALUES (true, 1);

CREATE FUNCTION auth_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE auth_version SET version = version + 1;
  RETURN NULL;
END;
$$;

-- Sessions: only statements that end or change some (the clean-up of expired ones at each sign-in usually
-- deletes nothing, and a statement trigger fires even then).
CREATE FUNCTION auth_version_bump_if_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows) THEN
    UPDATE auth_version SET version = version + 1;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER user_session_deleted_auth_version AFTER DELETE ON user_session
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION auth_version_bump_if_rows();
CREATE TRIGGER user_session_changed_auth_version AFTER UPDATE OF user_id, expires_at, csrf_token ON user_session
  FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.expires_at IS DISTINCT FROM NEW.expires_at OR OLD.csrf_token IS DISTINCT FROM NEW.csrf_token)
  EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER app_user_auth_version AFTER UPDATE OF username, is_active, must_change_password ON app_user
  FOR EACH ROW WHEN (OLD.username IS DISTINCT FROM NEW.username OR OLD.is_active IS DISTINCT FROM NEW.is_active
                     OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password)
  EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER app_user_deleted_auth_version AFTER DELETE ON app_user
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION auth_version_bump_if_rows();
CREATE TRIGGER role_assignment_auth_version AFTER INSERT OR UPDATE OR DELETE ON role_assignment
  FOR EACH STATEMENT EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER api_token_auth_version AFTER UPDATE OF revoked_at, expires_at, role, org_unit_id, token_hash ON api_token
  FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
                     OR OLD.role IS DISTINCT FROM NEW.role OR OLD.org_unit_id IS DISTINCT FROM NEW.org_unit_id
                     OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
  EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER api_token_deleted_auth_version AFTER DELETE ON api_token
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION auth_version_bump_if_rows();
CREATE TRIGGER org_unit_path_auth_version AFTER UPDATE OF path ON org_unit
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION auth_version_bump();

-- A new period (the first value of a month) changes which stored periods a figure reads.
CREATE TRIGGER period_figure_version AFTER INSERT OR UPDATE OR DELETE ON period FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
