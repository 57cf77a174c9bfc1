package io.waveflow.projections.api;

/** A query parameter the API cannot accept; answered with 400 naming the parameter. */
class BadParameterException extends RuntimeException {

    private final String parameter;

    BadParameterException(String parameter, String problem) {
        super("Query parameter '" + parameter + "' " + problem);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
