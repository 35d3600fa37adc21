package io.baetyl.function.it;

import com.google.protobuf.ByteString;
import com.google.common.util.concurrent.ListenableFuture;
import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls a function runtime instance the way Baetyl v1's function manager does: a blocking connect
 * with a timeout (30 s in Baetyl), then unary {@code baetyl.Function/Call}s, each with a deadline,
 * a fresh UUID as FunctionInvokeID and the current unix time as Timestamp.
 */
public final class FunctionClient implements AutoCloseable {

  /** Baetyl's default connect timeout and call deadline. */
  public static final Duration BAETYL_TIMEOUT = Duration.ofSeconds(30);

  private final String address;
  private final ManagedChannel channel;
  private final FunctionGrpc.FunctionBlockingStub blockingStub;
  private final FunctionGrpc.FunctionFutureStub futureStub;

  private FunctionClient(String address, ManagedChannel channel) {
    this.address = address;
    this.channel = channel;
    this.blockingStub = FunctionGrpc.newBlockingStub(channel);
    this.futureStub = FunctionGrpc.newFutureStub(channel);
  }

  /**
   * Dials {@code host:port} and waits until the connection is ready, like Go's {@code grpc.Dial}
   * with {@code WithBlock()} and a timeout.
   *
   * @throws TimeoutException when no connection was ready within {@code timeout}
   */
  public static FunctionClient connect(String address, Duration timeout)
      throws TimeoutException, InterruptedException {
    ManagedChannel channel =
        Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
    try {
      awaitReady(channel, Instant.now().plus(timeout));
    } catch (TimeoutException | InterruptedException | RuntimeException e) {
      channel.shutdownNow();
      if (e instanceof TimeoutException) {
        throw new TimeoutException("no function runtime was ready at " + address + " within " + timeout);
      }
      throw e;
    }
    return new FunctionClient(address, channel);
  }

  private static void awaitReady(ManagedChannel channel, Instant deadline)
      throws TimeoutException, InterruptedException {
    ConnectivityState state = channel.getState(true);
    while (state != ConnectivityState.READY) {
      if (state == ConnectivityState.SHUTDOWN) {
        throw new IllegalStateException("the channel shut down while connecting");
      }
      if (state == ConnectivityState.IDLE) {
        channel.getState(true);
      }
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      long waitNanos = Duration.between(Instant.now(), deadline).toNanos();
      if (waitNanos <= 0 || !changed.await(waitNanos, TimeUnit.NANOSECONDS)) {
        throw new TimeoutException();
      }
      state = channel.getState(false);
    }
  }

  /**
   * A request as the function manager builds it from an MQTT message: the message's packet id, QoS,
   * topic and payload, the function to run, a new invocation UUID and the current unix seconds.
   */
  public static FunctionMessage request(String functionName, long id, int qos, String topic, byte[] payload) {
    return FunctionMessage.newBuilder()
        .setID(id)
        .setQOS(qos)
        .setTopic(topic)
        .setPayload(ByteString.copyFrom(payload))
        .setTimestamp(Instant.now().getEpochSecond())
        .setFunctionName(functionName)
        .setFunctionInvokeID(UUID.randomUUID().toString())
        .build();
  }

  /** A unary call with a deadline; a failure arrives as {@link io.grpc.StatusRuntimeException}. */
  public FunctionMessage call(FunctionMessage request, Duration deadline) {
    return blockingStub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).call(request);
  }

  /** The same call without waiting for its reply. */
  public ListenableFuture<FunctionMessage> callAsync(FunctionMessage request, Duration deadline) {
    return futureStub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).call(request);
  }

  public String address() {
    return address;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
