package io.waveflow.projections.console;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator console: one static page ({@code static/console/}) that reads this service's API
 * and sends retry and cancel to the bridge, both with the token the operator pasted. The page is
 * served without a token (it holds no data); {@code /console/config} needs one like every read.
 * The page gets a Content-Security-Policy that allows only its own script and style files and
 * connections to this service and the bridge, so even a value that slipped past the page's
 * escaping could not run as script.
 */
@RestController
class ConsoleController {

    static final String PAGE = "static/console/index.html";

    private final ConsoleSettings settings;

    ConsoleController(ConsoleSettings settings) {
        this.settings = settings;
    }

    @GetMapping(value = "/console", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok()
                .header("Content-Security-Policy", contentSecurityPolicy())
                .header("Referrer-Policy", "no-referrer")
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.TEXT_HTML)
                .body(new ClassPathResource(PAGE));
    }

    /** Where the page sends the admin calls; read after sign-in, so it needs a read token. */
    @GetMapping("/console/config")
    ConsoleConfig config() {
        return new ConsoleConfig(settings.bridgeBase());
    }

    String contentSecurityPolicy() {
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' "
                + settings.bridgeOrigin() + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** The answer of {@code GET /console/config}. */
    record ConsoleConfig(String bridgeUrl) {
    }
}
