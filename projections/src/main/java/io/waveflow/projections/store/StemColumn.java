package io.waveflow.projections.store;

import java.util.Locale;

/**
 * The columns of a stem table that events write, with their PostgreSQL types: a batch sends every
 * column as a text array, cast to this type in SQL. {@code stem_id} is the key and not listed.
 */
public enum StemColumn {
    USER_ID("text"),
    TRACK_ID("text"),
    FILEPATH("text"),
    ORIGINAL_FILENAME("text"),
    AUDIO_HASH("text"),
    WAVEFORM_DATA_PATH("text"),
    FILE_SIZE("bigint"),
    DURATION("double precision"),
    SAMPLE_RATE("integer"),
    NUM_PEAKS("integer"),
    PROCESSED_AT("timestamptz"),
    STATUS("text"),
    ERROR_MESSAGE("text"),
    ERROR_CODE("text"),
    DUPLICATE_OF("text"),
    STAGE("text"),
    /** When the current stage began: the time of the event that set {@link #STAGE}. */
    STAGE_STARTED_AT("timestamptz"),
    ATTEMPTS("integer"),
    CREATED_AT("timestamptz"),
    UPDATED_AT("timestamptz");

    private final String sqlType;

    StemColumn(String sqlType) {
        this.sqlType = sqlType;
    }

    public String columnName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String sqlType() {
        return sqlType;
    }
}
