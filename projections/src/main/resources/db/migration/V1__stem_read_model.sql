-- The stem read model, built from the workflow topic alone. Every column but the key is
-- nullable: a partial replay may deliver later events of a stem whose first event it skipped.
CREATE TABLE stem (
    stem_id            text PRIMARY KEY,
    user_id            text,
    track_id           text,
    filepath           text,
    original_filename  text,
    audio_hash         text,
    waveform_data_path text,
    file_size          bigint,
    duration           double precision,
    sample_rate        integer,
    num_peaks          integer,
    processed_at       timestamptz,
    status             text,
    error_message      text,
    error_code         text,
    duplicate_of       text,
    stage              text,
    attempts           integer,
    created_at         timestamptz,
    updated_at         timestamptz,
    last_event_time    timestamptz
);

-- The seed's duplicate lookup and the usual "stems of a track by status" listing.
CREATE INDEX stem_user_track_status_idx ON stem (user_id, track_id, status);

-- One row per workflow event ever applied; its primary key is what makes applying an event
-- twice a no-op.
CREATE TABLE stem_history (
    event_id    text PRIMARY KEY,
    stem_id     text        NOT NULL,
    event_type  text        NOT NULL,
    event_time  timestamptz NOT NULL,
    payload     jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    -- Log order of recording; breaks ties between events of one stem that share a time.
    seq         bigint GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX stem_history_stem_time_idx ON stem_history (stem_id, event_time, seq);
