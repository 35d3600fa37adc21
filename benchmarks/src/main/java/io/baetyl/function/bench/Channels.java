package io.baetyl.function.bench;

import com.google.protobuf.ByteString;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The benchmark's client side: plaintext channels to 127.0.0.1 and the request it sends. */
final class Channels {

    private Channels() {
    }

    static ManagedChannel open(int port) {
        // callbacks run on the Netty event loop: the client spends its two cores on calls, not on hand-offs
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
    }

    static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static FunctionMessage request(String payload) {
        return FunctionMessage.newBuilder()
            .setID(7)
            .setQOS(1)
            .setTopic("bench/in")
            .setPayload(ByteString.copyFrom(payload, StandardCharsets.UTF_8))
            .setTimestamp(System.currentTimeMillis() / 1000)
            .setFunctionName(FunctionFiles.FUNCTION)
            .setFunctionInvokeID(UUID.randomUUID().toString())
            .build();
    }
}
