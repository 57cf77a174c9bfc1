package io.waveflow.projections.store;

import java.sql.Types;
import java.util.Locale;

/**
 * The columns of table {@code stem} that workflow events write, with their JDBC types so a null
 * binds as the right type. {@code stem_id}, {@code updated_at} and {@code last_event_time} are
 * written on every change and are not listed.
 */
public enum StemColumn {
    USER_ID(Types.VARCHAR),
    TRACK_ID(Types.VARCHAR),
    FILEPATH(Types.VARCHAR),
    ORIGINAL_FILENAME(Types.VARCHAR),
    AUDIO_HASH(Types.VARCHAR),
    WAVEFORM_DATA_PATH(Types.VARCHAR),
    FILE_SIZE(Types.BIGINT),
    DURATION(Types.DOUBLE),
    SAMPLE_RATE(Types.INTEGER),
    NUM_PEAKS(Types.INTEGER),
    PROCESSED_AT(Types.TIMESTAMP_WITH_TIMEZONE),
    STATUS(Types.VARCHAR),
    ERROR_MESSAGE(Types.VARCHAR),
    ERROR_CODE(Types.VARCHAR),
    DUPLICATE_OF(Types.VARCHAR),
    STAGE(Types.VARCHAR),
    ATTEMPTS(Types.INTEGER),
    CREATED_AT(Types.TIMESTAMP_WITH_TIMEZONE);

    private final int sqlType;

    StemColumn(int sqlType) {
        this.sqlType = sqlType;
    }

    public String columnName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int sqlType() {
        return sqlType;
    }
}
