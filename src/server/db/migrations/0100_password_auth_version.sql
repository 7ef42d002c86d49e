-- HTTP Basic sign-in (DHIS2 clients) keeps a verified user name and password in each process's cache
-- instead of running argon2 at every request: a changed password must end that, in every process, as a
-- deactivated account already does. So a new password hash moves auth_version too.
CREATE TRIGGER app_user_password_auth_version AFTER UPDATE OF password_hash ON app_user
  FOR EACH ROW WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash)
  EXECUTE FUNCTION auth_version_bump();
