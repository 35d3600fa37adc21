package io.baetyl.function.bench;

import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Measures process start -> first successful reply, and checks that the reply echoes the request. */
final class ColdStartProbe {

    private static final Duration LIMIT = Duration.ofSeconds(30); // the function manager's dial timeout

    private ColdStartProbe() {
    }

    /** Milliseconds from {@code startNanos} to the first good reply; fails when the server dies or is too slow. */
    static double firstReplyMillis(Target.Instance instance, int port, long startNanos, FunctionMessage request) {
        long deadline = startNanos + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!instance.isAlive()) {
                throw new IllegalStateException("the server exited before its first reply; output:\n"
                    + instance.output());
            }
            if (!accepts(port)) {
                pause();
                continue;
            }
            ManagedChannel channel = Channels.open(port);
            try {
                FunctionMessage reply = FunctionGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS).call(request);
                long replied = System.nanoTime();
                check(request, reply);
                return (replied - startNanos) / 1e6;
            } catch (StatusRuntimeException e) {
                pause(); // listening but not serving yet
            } finally {
                Channels.close(channel);
            }
        }
        throw new IllegalStateException("no reply on 127.0.0.1:" + port + " within " + LIMIT + "; output:\n"
            + instance.output());
    }

    static void check(FunctionMessage request, FunctionMessage reply) {
        if (!reply.getPayload().equals(request.getPayload()) || reply.getID() != request.getID()
            || !reply.getFunctionInvokeID().equals(request.getFunctionInvokeID())) {
            throw new IllegalStateException("the reply does not echo the request: sent " + request + " got " + reply);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1); // probe interval
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
