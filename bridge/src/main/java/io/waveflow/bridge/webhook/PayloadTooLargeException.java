package io.waveflow.bridge.webhook;

/** A webhook body over the configured limit; answered 413 before the body is parsed. */
public class PayloadTooLargeException extends RuntimeException {

    private final int limitBytes;

    public PayloadTooLargeException(int limitBytes) {
        super("body is larger than the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public int limitBytes() {
        return limitBytes;
    }
}
