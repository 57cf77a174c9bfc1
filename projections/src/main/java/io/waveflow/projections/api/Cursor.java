package io.waveflow.projections.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of a stem listing: the last stem id of the previous page, versioned
 * and base64url-encoded so clients pass it back rather than build it.
 */
final class Cursor {

    private static final String VERSION = "1:";

    private Cursor() {
    }

    static String after(String stemId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + stemId).getBytes(StandardCharsets.UTF_8));
    }

    /** The stem id the cursor continues after; throws {@link BadParameterException} for anything else. */
    static String stemIdOf(String cursor) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("cursor", "is not a cursor returned by this API");
        }
        if (!decoded.startsWith(VERSION) || decoded.length() == VERSION.length()) {
            throw new BadParameterException("cursor", "is not a cursor returned by this API");
        }
        return decoded.substring(VERSION.length());
    }
}
