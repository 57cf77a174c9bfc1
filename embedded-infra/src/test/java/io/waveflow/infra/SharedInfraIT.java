package io.waveflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class SharedInfraIT {

    @Test
    void shouldStartOneRunningSetPerJvm() throws Exception {
        // when
        SharedInfra infra = SharedInfra.get();

        // then
        assertThat(SharedInfra.get()).isSameAs(infra);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(infra.sqs().queueNames())
                .containsExactly("waveflow-audio-process-queue", "waveflow-audio-process-queue.fifo");
        try (Connection connection = DriverManager.getConnection(
                infra.postgres().jdbcUrl("postgres"), infra.postgres().username(), infra.postgres().password())) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    @Test
    void shouldRefuseConnectionsOnNonLoopbackAddresses() throws SocketException, SQLException {
        // given
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        SharedInfra infra = SharedInfra.get();

        // then
        for (int port : new int[] {infra.kafka().port(), infra.sqs().port(), infra.postgres().port()}) {
            assertThatThrownBy(() -> connect(external.get(), port))
                    .as("port %d on %s", port, external.get())
                    .isInstanceOf(IOException.class);
            assertThat(canConnect(InetAddress.getLoopbackAddress(), port)).isTrue();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
        }
    }

    private static boolean canConnect(InetAddress address, int port) {
        try {
            connect(address, port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
