package io.baetyl.function.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void capturesStdoutStderrAndTheExitCode() {
        ProcessResult result = Processes.run(TIMEOUT, "sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void checkFailsWithTheCommandAndItsOutput() {
        assertThatThrownBy(() -> Processes.check(TIMEOUT, "sh", "-c", "echo why >&2; exit 2"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("exited with 2")
            .hasMessageContaining("why");
    }

    @Test
    void passesStandardInputAndEnvironment() {
        ProcessResult result = Processes.command("sh", "-c", "cat; echo \" $GREETING\"")
            .stdin("secret-from-stdin").env("GREETING", "hello").check();

        assertThat(result.stdout()).isEqualTo("secret-from-stdin hello\n");
    }

    @Test
    void aCommandThatOverrunsItsTimeoutIsKilledAndReported() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> Processes.command("sh", "-c", "echo started; exec sleep 30")
            .timeout(Duration.ofMillis(300)).run())
            .hasMessageContaining("did not finish within PT0.3S")
            .hasMessageContaining("started");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void freePortsCanBeBoundOnLoopback() throws Exception {
        int port = FreePorts.next();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
