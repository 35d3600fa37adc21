package io.baetyl.function.runtime.invoke;

import java.time.Duration;

/**
 * What one call carries into user code: the message fields a handler can see and the deadline.
 *
 * @param deadlineNanoTime {@link System#nanoTime()} at which the call expires, or {@link #NO_DEADLINE}
 */
public record CallRequest(int qos, String topic, long timestamp, String functionName, String invokeId,
    byte[] payload, long deadlineNanoTime) {

  /** Marks a call without deadline. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  /** A request whose deadline is {@code timeout} from now ({@code null}: none). */
  public static CallRequest of(int qos, String topic, long timestamp, String functionName, String invokeId,
      byte[] payload, Duration timeout) {
    long deadline = timeout == null ? NO_DEADLINE : System.nanoTime() + timeout.toNanos();
    return new CallRequest(qos, topic, timestamp, functionName, invokeId, payload, deadline);
  }

  /** Time left before the deadline; a very long duration when there is none. */
  public Duration remainingTime() {
    if (deadlineNanoTime == NO_DEADLINE) {
      return Duration.ofNanos(Long.MAX_VALUE);
    }
    return Duration.ofNanos(deadlineNanoTime - System.nanoTime());
  }
}
