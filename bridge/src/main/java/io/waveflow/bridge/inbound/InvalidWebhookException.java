package io.waveflow.bridge.inbound;

import java.util.List;

/** A webhook body that is JSON but not a valid payload; carries every bad field, not just the first. */
public class InvalidWebhookException extends RuntimeException {

    private final List<InvalidField> errors;

    public InvalidWebhookException(List<InvalidField> errors) {
        super(errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid");
        this.errors = List.copyOf(errors);
    }

    public List<InvalidField> errors() {
        return errors;
    }
}
