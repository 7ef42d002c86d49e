-- Mục tiêu chiến lược công khai: where the agency's strategic targets stand, as published. When a release of open
-- data is frozen, every target on one of its indicators, at a public level of the dataset, is evaluated from the
-- dataset's data status (approved by default) and from the periods the release covers only; the evaluation is kept
-- with the release and becomes public with it, at its time, like its figures. Nothing of a target is public before.

CREATE TABLE open_target_snapshot (
  release_id integer NOT NULL REFERENCES open_release (id) ON DELETE CASCADE,
  target_id integer NOT NULL REFERENCES target (id),
  -- The target as it was defined and where it stood at the freeze (see targets' evaluateTarget).
  snapshot jsonb NOT NULL,
  PRIMARY KEY (release_id, target_id)
);
CREATE INDEX open_target_snapshot_target_idx ON open_target_snapshot (target_id);
