package io.waveflow.contracts.celery;

/**
 * A Celery message that must not be sent (a real worker would crash on it or loop on it) or
 * that cannot be read. The message says which rule it broke.
 */
public class CeleryWireException extends RuntimeException {

    public CeleryWireException(String message) {
        super(message);
    }

    public CeleryWireException(String message, Throwable cause) {
        super(message, cause);
    }
}
