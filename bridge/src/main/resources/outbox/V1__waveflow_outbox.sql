-- The Waveflow transactional outbox (bridge/OUTBOX.md). Idempotent: safe to run at every start.
-- Names are unqualified: the tables go into the first schema of the search_path.
-- Applications insert a row here in the same transaction as their own change; the bridge
-- captures inserts by logical replication (pgoutput) and publishes them as inbound events.
CREATE TABLE IF NOT EXISTS waveflow_outbox (
    id            uuid        PRIMARY KEY,
    aggregatetype text        NOT NULL,
    aggregateid   text        NOT NULL,
    type          text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Written by the bridge's Debezium heartbeat (heartbeat.action.query): a change on a published table
-- lets the replication slot advance while the outbox is quiet, so the database keeps no WAL for it.
CREATE TABLE IF NOT EXISTS waveflow_outbox_heartbeat (
    id      integer     PRIMARY KEY,
    beat_at timestamptz NOT NULL
);
