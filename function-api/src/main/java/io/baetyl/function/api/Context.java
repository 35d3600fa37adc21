package io.baetyl.function.api;

import java.time.Duration;
import java.util.Map;

/**
 * What a handler knows about the call it serves. It is also a read-only {@code Map<String, Object>}
 * holding exactly the keys a Baetyl Python handler sees in its {@code context} dict, so code that
 * takes a plain {@code Map} needs no dependency on this API.
 */
public interface Context extends Map<String, Object> {

  String MESSAGE_QOS = "messageQOS";
  String MESSAGE_TOPIC = "messageTopic";
  String MESSAGE_TIMESTAMP = "messageTimestamp";
  String FUNCTION_NAME = "functionName";
  String FUNCTION_INVOKE_ID = "functionInvokeID";
  String INVOKE_ID = "invokeid";

  /**
   * MQTT QoS of the message (0, 1 or 2). The wire field is a uint32: a value above {@link Integer#MAX_VALUE}
   * reads as negative here (use {@link Integer#toUnsignedLong}) and as a {@code Long} under {@value #MESSAGE_QOS}.
   */
  int messageQOS();

  /** MQTT topic of the message. */
  String messageTopic();

  /** Unix seconds set by the function manager; 0 when absent. */
  long messageTimestamp();

  /** Name of the configured function being called. */
  String functionName();

  /** UUID of this invocation (also under the key {@value #INVOKE_ID}). */
  String functionInvokeID();

  /**
   * Time left before the call's deadline; {@link Duration#ZERO} or less once it passed; about 292 years
   * ({@code Long.MAX_VALUE} nanoseconds) for a call without a deadline.
   */
  Duration remainingTime();

  /** The runtime's logger for this function. */
  System.Logger logger();
}
