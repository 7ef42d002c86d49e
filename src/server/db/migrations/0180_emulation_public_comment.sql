-- Publicising nominees for comment before the council (Decree 98/2023, Article 46 clause 2): the window of each
-- nomination whose title needs it, and the comments received in it.
ALTER TABLE emulation_nomination
  ADD COLUMN comment_opens_on date,
  ADD COLUMN comment_closes_on date,
  ADD COLUMN comment_notice text,
  ADD CONSTRAINT emulation_nomination_comment_window CHECK ((comment_opens_on IS NULL) = (comment_closes_on IS NULL) AND (comment_closes_on IS NULL OR comment_closes_on >= comment_opens_on));

CREATE TABLE emulation_nomination_comment (
  id serial PRIMARY KEY,
  nomination_id integer NOT NULL REFERENCES emulation_nomination (id),
  commenter text NOT NULL,
  content text NOT NULL,
  received_on date NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emulation_nomination_comment_nomination_idx ON emulation_nomination_comment (nomination_id);
