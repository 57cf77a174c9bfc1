-- When a stem's current stage started (stage_started_at: the event time of whatever set stage),
-- so readers can find stems stuck in a stage and the longest-waiting one per stage.
--
-- Every generation that exists gets the column and the indexes: the live one, and a building one
-- if a rebuild was running when the service stopped. Generations created later copy the live
-- tables (LIKE ... INCLUDING ALL), indexes included. Rows written before this migration keep a
-- NULL stage_started_at until an event sets their stage again (or a rebuild writes them anew);
-- readers take updated_at in its place, which is why the index is on that COALESCE. The index
-- holds only stems still in a stage: done stems are never asked for by stage start.
--
-- The history gets a partial index on the three event types the per-minute timeline counts
-- (completed, duplicate, failed); other events, most of the history, do not pay for it.
DO $$
DECLARE
    g integer;
BEGIN
    FOR g IN SELECT generation FROM read_model_generation WHERE state <> 'retired' ORDER BY generation LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN stage_started_at timestamptz', 'stem_g' || g);
        EXECUTE format('CREATE INDEX %I ON %I (stage, (COALESCE(stage_started_at, updated_at)), stem_id)'
                           || ' WHERE stage <> ''done''',
                       'stem_g' || g || '_stage_started_idx', 'stem_g' || g);
        EXECUTE format('CREATE INDEX %I ON %I (event_time) WHERE event_type IN ('
                           || '''io.waveflow.workflow.StemCompleted.v1'', '
                           || '''io.waveflow.workflow.DuplicateDetected.v1'', '
                           || '''io.waveflow.workflow.StemFailed.v1'')',
                       'stem_history_g' || g || '_outcome_time_idx', 'stem_history_g' || g);
    END LOOP;
END
$$;

-- A view's SELECT * is expanded when it is created, so the stem view would not show the new
-- column: point it at the live generation again. (The column is last, so the view may be replaced.)
DO $$
DECLARE
    live integer;
BEGIN
    SELECT generation INTO STRICT live FROM read_model_generation WHERE state IN ('live', 'retiring');
    EXECUTE format('CREATE OR REPLACE VIEW stem AS SELECT * FROM %I', 'stem_g' || live);
END
$$;
