package io.waveflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks ephemeral ports on 127.0.0.1 for servers that must know their port before they bind,
 * e.g. a Kafka controller listener or an SQS endpoint that writes its own address into queue URLs.
 */
public final class FreePorts {

    /** The only interface the embedded servers listen on; literal so no resolver can turn it into ::1. */
    static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {
    }

    /**
     * Returns a port that was free on 127.0.0.1 a moment ago. Another process may still take it
     * before the caller binds; the ephemeral range makes that unlikely.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    static int orPick(int port) {
        return port == 0 ? pick() : port;
    }
}
