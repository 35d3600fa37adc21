package io.baetyl.function.runtime.support;

import com.google.protobuf.ByteString;
import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Real gRPC clients on loopback. */
public final class Clients {

  private Clients() {}

  public static ManagedChannel plaintext(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(16 * 1024 * 1024).build();
  }

  public static FunctionGrpc.FunctionBlockingStub stub(ManagedChannel channel) {
    return FunctionGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  public static FunctionMessage message(String function, String payload) {
    return message(function, payload.getBytes(StandardCharsets.UTF_8));
  }

  public static FunctionMessage message(String function, byte[] payload) {
    return FunctionMessage.newBuilder().setID(7).setQOS(1).setTopic("t").setTimestamp(1700000000L)
        .setFunctionName(function).setFunctionInvokeID("invoke-1").setPayload(ByteString.copyFrom(payload)).build();
  }

  public static void close(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
