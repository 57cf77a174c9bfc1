-- The read model becomes a series of generations: each one a pair of tables stem_g<n> and
-- stem_history_g<n> with its own consumed offsets. Readers query the views stem and stem_history,
-- which point at the live generation; a rebuild fills a new generation from the start of the
-- topics while the live one keeps serving, then repoints both views in one transaction.
-- V1's tables become generation 1, so rows projected before this migration keep being served.

ALTER TABLE stem RENAME TO stem_g1;
ALTER TABLE stem_history RENAME TO stem_history_g1;

-- updated_at is now the time of the latest event that wrote the row (not the wall clock of the
-- write), so a rebuild reproduces it; last_event_time said the same thing.
UPDATE stem_g1 SET updated_at = last_event_time WHERE last_event_time IS NOT NULL;
ALTER TABLE stem_g1 DROP COLUMN last_event_time;

-- Readers filter by user, track and status and page by stem id (keyset pagination), in byte
-- order whatever the database's locale, so a cursor means the same on every server.
ALTER TABLE stem_g1 ALTER COLUMN stem_id TYPE text COLLATE "C";
DROP INDEX stem_user_track_status_idx;
CREATE INDEX stem_g1_user_track_status_idx ON stem_g1 (user_id, track_id, status, stem_id);
CREATE INDEX stem_g1_track_idx ON stem_g1 (track_id, stem_id);
CREATE INDEX stem_g1_status_idx ON stem_g1 (status, stem_id);

-- History now records inbound events too. Where an event was read from orders a stem's timeline
-- deterministically, where V1's seq (order of recording) would differ between generations.
DROP INDEX stem_history_stem_time_idx;
ALTER TABLE stem_history_g1
    DROP COLUMN recorded_at,
    DROP COLUMN seq,
    ADD COLUMN source           text,
    ADD COLUMN source_partition integer,
    ADD COLUMN source_offset    bigint;
-- V1 read the workflow topic only, and did not keep positions.
UPDATE stem_history_g1 SET source = 'workflow';
ALTER TABLE stem_history_g1
    ALTER COLUMN source SET NOT NULL,
    ADD CONSTRAINT stem_history_g1_source_check CHECK (source IN ('inbound', 'workflow'));
CREATE INDEX stem_history_g1_stem_idx ON stem_history_g1 (stem_id, event_time);

-- The generations and their lifecycle:
--   building  being filled from the start of the topics; readers do not see it
--   live      what the views show; consumed and kept current
--   retiring  was live, frozen (no more writes) until the building generation has caught up with it
--   retired   views moved away; its tables are dropped next
CREATE TABLE read_model_generation (
    generation  integer PRIMARY KEY,
    state       text        NOT NULL CHECK (state IN ('building', 'live', 'retiring', 'retired')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    switched_at timestamptz
);
-- At most one live and one building generation at any time.
CREATE UNIQUE INDEX read_model_generation_one_per_state ON read_model_generation (state)
    WHERE state IN ('live', 'building');
-- Numbers are never reused, so a consumer group name (prefix + generation) is never reused either.
CREATE SEQUENCE read_model_generation_seq START 2;

INSERT INTO read_model_generation (generation, state, switched_at) VALUES (1, 'live', now());

-- The next offset to read, per generation and topic partition: written in the same transaction
-- as the rows it produced, read back to position the consumer on start and on every assignment.
CREATE TABLE projection_offset (
    generation  integer NOT NULL REFERENCES read_model_generation ON DELETE CASCADE,
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    PRIMARY KEY (generation, topic, partition)
);

-- Records already parked on the dead-letter topic, so a rebuild that reads them again does not
-- park them a second time. Shared by all generations: a record is malformed in every one.
CREATE TABLE dead_lettered_record (
    topic         text        NOT NULL,
    partition     integer     NOT NULL,
    record_offset bigint      NOT NULL,
    parked_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition, record_offset)
);

CREATE VIEW stem AS SELECT * FROM stem_g1;
CREATE VIEW stem_history AS SELECT * FROM stem_history_g1;
