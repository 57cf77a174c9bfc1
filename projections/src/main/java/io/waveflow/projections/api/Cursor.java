package io.waveflow.projections.api;

import io.waveflow.projections.store.StageStart;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque {@code cursor} of a stem listing: where the previous page ended, versioned and
 * base64url-encoded so clients pass it back rather than build it. Version 1 is the last stem id
 * of a listing in stem id order; version 2 the stage start and stem id of the last stem of a
 * {@code stuckFor} listing. A cursor is only accepted by the kind of listing that issued it.
 */
final class Cursor {

    private static final String BY_STEM_ID = "1:";
    private static final String BY_STAGE_START = "2:";
    /** Between the time and the stem id of a version 2 cursor; an ISO-8601 instant never contains it. */
    private static final char SEPARATOR = '|';

    private Cursor() {
    }

    static String after(String stemId) {
        return encode(BY_STEM_ID + stemId);
    }

    static String after(StageStart last) {
        return encode(BY_STAGE_START + last.startedAt() + SEPARATOR + last.stemId());
    }

    /** The stem id the cursor continues after; throws {@link BadParameterException} for anything else. */
    static String stemIdOf(String cursor) {
        return body(cursor, BY_STEM_ID);
    }

    /** The stage start the cursor continues after; throws {@link BadParameterException} for anything else. */
    static StageStart stageStartOf(String cursor) {
        String body = body(cursor, BY_STAGE_START);
        int separator = body.indexOf(SEPARATOR);
        if (separator < 0 || separator == body.length() - 1) {
            throw notACursor();
        }
        try {
            return new StageStart(Instant.parse(body.substring(0, separator)), body.substring(separator + 1));
        } catch (DateTimeException e) {
            throw notACursor();
        }
    }

    private static String encode(String body) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(String cursor, String version) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notACursor();
        }
        if (!decoded.startsWith(version) || decoded.length() == version.length()) {
            throw notACursor();
        }
        return decoded.substring(version.length());
    }

    private static BadParameterException notACursor() {
        return new BadParameterException("cursor", "is not a cursor this listing returned; pass nextCursor back"
                + " with the same stuckFor (or none)");
    }
}
