package io.waveflow.bridge.celery;

/**
 * Some commands of a batch are not on SQS yet. Thrown so the listener container backs off and
 * hands the same batch back; the offsets stay uncommitted until every command is accepted.
 */
public class SqsNotAcceptedException extends RuntimeException {

    public SqsNotAcceptedException(String message) {
        super(message);
    }
}
