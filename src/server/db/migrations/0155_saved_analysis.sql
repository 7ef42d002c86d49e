-- A free analysis saved by name by the person who built it: the selection (data, periods, units, layout,
-- data status) as the query string of the analysis screen. No figure is stored: opening it asks analytics
-- again, live, within the scopes of whoever opens it, so a saved analysis never shows what its reader may not see.
CREATE TABLE saved_analysis (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_user_id integer NOT NULL REFERENCES app_user (id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  query text NOT NULL CHECK (length(query) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One analysis per name and person, whatever the case: saving under the same name replaces it.
CREATE UNIQUE INDEX saved_analysis_owner_name_idx ON saved_analysis (owner_user_id, lower(btrim(name)));
