package io.waveflow.projections.api;

/** No stem with this id is in the read model (yet). */
class StemNotFoundException extends RuntimeException {

    private final String stemId;

    StemNotFoundException(String stemId) {
        super("No stem " + stemId + " in the read model");
        this.stemId = stemId;
    }

    String stemId() {
        return stemId;
    }
}
