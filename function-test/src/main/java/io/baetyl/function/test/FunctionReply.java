package io.baetyl.function.test;

import io.baetyl.function.runtime.binding.PayloadBinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The reply payload of a successful call. */
public final class FunctionReply {

  private final byte[] payload;

  FunctionReply(byte[] payload) {
    this.payload = payload;
  }

  /** The raw reply payload (empty when the handler returned {@code null} or nothing). */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload as UTF-8 text. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /**
   * The payload parsed as a JSON object.
   *
   * @throws IllegalStateException if it is not one
   */
  public Map<String, Object> payloadAsMap() {
    try {
      return PayloadBinder.parseJsonObject(payload);
    } catch (IOException e) {
      throw new IllegalStateException("the reply payload is not a JSON object: " + payloadAsString(), e);
    }
  }

  /**
   * The payload parsed as any JSON value (Map, List, String, Number, Boolean), {@code null} when empty.
   *
   * @throws IllegalStateException if it is not JSON
   */
  public Object payloadAsJson() {
    try {
      return PayloadBinder.parseJson(payload);
    } catch (IOException e) {
      throw new IllegalStateException("the reply payload is not JSON: " + payloadAsString(), e);
    }
  }

  @Override
  public String toString() {
    return "FunctionReply[" + payloadAsString() + "]";
  }
}
