package io.waveflow.bridge.outbox;

import java.util.Locale;

/**
 * What this bridge does for the outbox's replication slot, shown as the {@code role} detail of the
 * {@code outbox} health component and as the gauge {@code waveflow.bridge.outbox.role{role}}.
 */
public enum OutboxRole {
    /** This bridge runs the capture engine: it found the slot free and took it. */
    ACTIVE,
    /** Another process holds the slot; this bridge waits for it to become free. */
    STANDBY,
    /** The engine stopped on an error, or the slot could not be read; this bridge tries again after a pause. */
    RECOVERING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
